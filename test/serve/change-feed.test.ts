import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openQueue } from 'workblock';
import { SqliteDataVersionFeed } from '../../dist/src/serve/change-feed.js';
import { tempDir } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';

describe('SQLite change feed', () => {
  it('fires when another connection commits, not while nothing changes, and on a noted local write', async () => {
    const file = path.join(tempDir(), 'q.db');
    const q = await openQueue({ db: file });
    const errors: unknown[] = [];
    const feed = await SqliteDataVersionFeed.start(q.db, (e) => errors.push(e), 20);
    let calls = 0;
    const unsubscribe = feed.subscribe(() => calls++);
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toBe(0);
      const other = new Database(file);
      other.prepare("insert into settings (key, value) values ('x', '1')").run();
      other.close();
      await until(() => calls === 1, 5_000);
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

  // The dashboard's live tests once failed here under load: the first reading of data_version was
  // taken on the first tick, after the CLI had already committed, so that commit became the baseline.
  it('sees a commit made right after it started, before its first poll', async () => {
    const file = path.join(tempDir(), 'q.db');
    const q = await openQueue({ db: file });
    const feed = await SqliteDataVersionFeed.start(q.db, (e) => expect.fail(String(e)), 300);
    let calls = 0;
    feed.subscribe(() => calls++);
    try {
      const other = new Database(file);
      other.prepare("insert into settings (key, value) values ('x', '1')").run(); // before the first tick, 300 ms away
      other.close();
      await until(() => calls === 1, 5_000);
    } finally {
      await feed.close();
      await q.close();
    }
  });
});
