import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openQueue, type Queue } from 'workblock';
import { SqliteDataVersionFeed, type ChangeFeed } from '../../dist/src/serve/change-feed.js';
import { PostgresNotifyFeed } from '../../dist/src/serve/postgres-feed.js';
import { databaseFor, onPostgres } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';
import { until } from '../helpers/processes.js';

/** The backend's feed on a fresh queue, and a commit by another connection (the CLI's, in real use). */
async function feedFor(pollMs: number): Promise<{ q: Queue; feed: ChangeFeed; errors: unknown[]; commitElsewhere(): Promise<void>; dir: string }> {
  const dir = tempDir();
  const q = await openQueue({ db: databaseFor(dir) ?? path.join(dir, 'q.db') });
  const errors: unknown[] = [];
  const feed = onPostgres ? await PostgresNotifyFeed.start(q.db, (e) => errors.push(e)) : await SqliteDataVersionFeed.start(q.db, (e) => errors.push(e), pollMs);
  let n = 0;
  const commitElsewhere = async () => {
    const statement = `insert into settings (key, value) values ('x${++n}', '1')`;
    if (onPostgres) return void (await queryRows(dir, statement));
    const other = new Database(path.join(dir, 'q.db'));
    other.prepare(statement).run();
    other.close();
  };
  return { q, feed, errors, commitElsewhere, dir };
}

describe(`the change feed (${onPostgres ? 'PostgreSQL LISTEN/NOTIFY' : 'SQLite data_version'})`, () => {
  it('fires when another connection commits, not while nothing changes, and on a noted local write', async () => {
    const { q, feed, errors, commitElsewhere } = await feedFor(20);
    let calls = 0;
    const unsubscribe = feed.subscribe(() => calls++);
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toBe(0);
      await commitElsewhere();
      await until(() => calls === 1, 5_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toBe(1); // one commit, one call
      feed.noteLocalWrite();
      expect(calls).toBe(2);
      unsubscribe();
      feed.noteLocalWrite();
      expect(calls).toBe(2);
      expect(errors).toEqual([]);
    } finally {
      await feed.close();
      await q.close();
    }
  });

  // The dashboard's live tests once failed here under load: SQLite's first reading of data_version was
  // taken on the first tick, after the CLI had already committed, so that commit became the baseline.
  it('sees a commit made right after it started, before its first poll', async () => {
    const { q, feed, errors, commitElsewhere } = await feedFor(300);
    let calls = 0;
    feed.subscribe(() => calls++);
    try {
      await commitElsewhere(); // on SQLite, before the first tick, 300 ms away
      await until(() => calls === 1, 5_000);
      expect(errors).toEqual([]);
    } finally {
      await feed.close();
      await q.close();
    }
  });

  it.runIf(onPostgres)('listens again after its connection is cut, and says once that something may have changed meanwhile', async () => {
    const { q, feed, errors, commitElsewhere, dir } = await feedFor(0);
    let calls = 0;
    feed.subscribe(() => calls++);
    try {
      const cut = await queryRows<{ ok: boolean }>(dir, "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and query = 'LISTEN workblock_changes'");
      expect(cut).toEqual([{ ok: true }]);
      await until(() => errors.length === 1 && calls === 1, 10_000);
      await commitElsewhere();
      await until(() => calls === 2, 5_000);
      expect(errors).toHaveLength(1);
    } finally {
      await feed.close();
      await q.close();
    }
    // Closed: its connection is gone.
    const listening = () => queryRows(dir, "select pid from pg_stat_activity where datname = current_database() and query = 'LISTEN workblock_changes'");
    for (let i = 0; i < 50 && (await listening()).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listening()).toEqual([]);
  });
});
