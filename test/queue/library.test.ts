import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openQueue, type Logger } from 'workblock';
import { databaseFor, onPostgres } from '../helpers/backend.js';
import { tempDir } from '../helpers/cli.js';

/** The queue a library user would open in `dir`: the backend's database, or a SQLite file of their naming. */
const queueIn = (dir: string) => databaseFor(dir) ?? path.join(dir, 'q.db');

describe('library API', () => {
  it('adds, lists, executes with a custom logger, reads history and prunes', async () => {
    const q = await openQueue({ db: queueIn(tempDir()) });
    try {
      const { ids } = await q.add([{ task: 'low', priority: -10 }, { task: 'high', priority: 10, tags: ['x'] }]);
      expect(ids).toEqual([1, 2]);
      expect((await q.list()).map((b) => b.task)).toEqual(['high', 'low']);
      const seen: string[] = [];
      const logger: Logger = { name: 'memory', log: async (block, outcome, ctx) => void seen.push(`${block.task}:${outcome.ok}:${ctx.idempotencyKey}`) };
      const summary = await q.execute({ n: 5, loggers: [logger] });
      expect(summary).toMatchObject({ success: true, executed: 2, successful: 2, failed: 0 });
      expect(seen.map((s) => s.split(':').slice(0, 2).join(':'))).toEqual(['high:true', 'low:true']);
      expect((await q.history()).map((h) => h.task).sort()).toEqual(['high', 'low']);
      expect((await q.prune(0)).entries).toBe(2);
    } finally {
      await q.close();
    }
  });

  // The file's mode and the pragmas are SQLite's; a PostgreSQL server owns its files and durability.
  it.skipIf(onPostgres)('creates its SQLite file 0600', async () => {
    const dir = tempDir();
    await (await openQueue({ db: path.join(dir, 'q.db') })).close();
    expect(fs.statSync(path.join(dir, 'q.db')).mode & 0o777).toBe(0o600);
  });

  it.skipIf(onPostgres)('commits durably: WAL with synchronous=FULL, so a printed id survives a power cut', async () => {
    const q = await openQueue({ db: path.join(tempDir(), 'q.db') });
    try {
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(q.db);
      const { rows: mode } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(q.db);
      expect(rows[0].synchronous).toBe(2); // FULL
      expect(mode[0].journal_mode).toBe('wal');
    } finally {
      await q.close();
    }
  });

  it('hands its blocks back to pending when an error escapes execute, so none stays running under a live process', async () => {
    const q = await openQueue({ db: queueIn(tempDir()) });
    try {
      await q.add([{ task: 'note' }, { task: 'cmd', command: { shell: 'true' } }]);
      // A library caller's callback that throws mid-run: an error no shutdown step expected.
      const run = q.execute({ n: 5, loggers: ['none'], onEvent: (e) => { if (e.type === 'start' && e.block.task === 'note') throw new Error('boom'); } });
      await expect(run).rejects.toThrow('boom');
      // Recovery would never take them: this process, their executor, is alive.
      expect((await q.list({ all: true })).map((b) => [b.task, b.status])).toEqual([['note', 'pending'], ['cmd', 'pending']]);
      expect(await q.execute({ n: 5, loggers: ['none'] })).toMatchObject({ executed: 2, successful: 2 });
    } finally {
      await q.close();
    }
  });

  it('keeps a block queued when a logger object throws', async () => {
    const q = await openQueue({ db: queueIn(tempDir()) });
    try {
      await q.add('refused');
      const summary = await q.execute({ loggers: [{ name: 'grumpy', log: async () => Promise.reject(new Error('not today')) }] });
      expect(summary).toMatchObject({ success: false, failed: 1 });
      const [block] = await q.list();
      expect(block).toMatchObject({ task: 'refused', attempts: 1 });
      expect(block.lastError).toContain('not today');
    } finally {
      await q.close();
    }
  });
});
