import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openQueue } from 'workblock';
import { ok, ROOT, tempDir } from '../helpers/cli.js';
import { locationOf, queryRows } from '../helpers/db.js';

const MATERIALIZE = path.join(ROOT, 'test', 'fixtures', 'materialize.mjs');

/** When the schedule `name` (a plain word) of the queue in `dir` was added, in ms. */
async function createdAt(dir: string, name: string): Promise<number> {
  const [row] = await queryRows<{ created_at: number }>(dir, `select created_at from schedules where name = '${name}'`);
  return Number(row.created_at);
}

/** Materializes in a process of its own, on the queue at `db` (a SQLite path or a postgres URL). */
function runMaterialize(db: string, now: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MATERIALIZE, db, String(now)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`materialize exited ${code}: ${err}`))));
  });
}

describe('materializeDueSchedules', () => {
  it('queues each due slot once, however often it is called', async () => {
    const cwd = tempDir();
    ok(['schedule', 'add', 'tick', '--every', '1m', '--catch-up', 'all', '--cmd', 'true'], { cwd });
    const db = locationOf(cwd);
    const base = Math.floor((await createdAt(cwd, 'tick')) / 60_000) * 60_000;
    const q = await openQueue({ db });
    try {
      expect(await q.materializeSchedules(base + 30_000)).toEqual([]);
      const first = await q.materializeSchedules(base + 3 * 60_000 + 5_000);
      expect(first).toHaveLength(3);
      expect(await q.materializeSchedules(base + 3 * 60_000 + 5_000)).toEqual([]);
      expect(await q.materializeSchedules(base + 4 * 60_000)).toHaveLength(1);
      const blocks = await q.list({ all: true });
      expect(blocks.map((b) => b.key)).toEqual([1, 2, 3, 4].map((k) => `schedule:tick:${new Date(base + k * 60_000).toISOString()}`));
      expect(blocks.every((b) => b.task === 'tick' && b.name === null)).toBe(true);
    } finally {
      await q.close();
    }
  });

  it('queues only the latest missed slot by default', async () => {
    const cwd = tempDir();
    ok(['schedule', 'add', 'tick', '--every', '1m', '--cmd', 'true'], { cwd });
    const db = locationOf(cwd);
    const q = await openQueue({ db });
    try {
      expect(await q.materializeSchedules((await createdAt(cwd, 'tick')) + 10 * 60_000)).toHaveLength(1);
      expect(await q.count()).toBe(1);
    } finally {
      await q.close();
    }
  });

  it('queues each occurrence exactly once when executors race', async () => {
    const cwd = tempDir();
    ok(['schedule', 'add', 'a', '--every', '1m', '--catch-up', 'all', '--cmd', 'true'], { cwd });
    ok(['schedule', 'add', 'b', '--cron', '*/5 * * * *', '--catch-up', 'all', '--cmd', 'true'], { cwd });
    const db = locationOf(cwd);
    const now = (await createdAt(cwd, 'b')) + 60 * 60_000;
    const results = await Promise.all(Array.from({ length: 6 }, () => runMaterialize(db, now)));
    const all = results.flat();
    // 60 one-minute slots, and 12 five-minute ones, across all racers together.
    expect(all).toHaveLength(72);
    expect(new Set(all).size).toBe(72);
    expect(ok(['list', '--count'], { cwd })).toBe('72\n');
  });
});
