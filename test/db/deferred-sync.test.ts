/**
 * The executor's group commit (src/db/deferred-sync.ts): with deferral on, COMMIT does not fsync, and a
 * write transaction still returns only after the WAL file is fsynced. fs.fsync is watched (not
 * replaced) to see which file each sync reaches.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../dist/src/db/open.js';
import { deferSyncToCommit } from '../../dist/src/db/deferred-sync.js';
import { withImmediateTransaction } from '../../dist/src/db/transaction.js';
import { onPostgres } from '../helpers/backend.js';
import { ok, tempDir } from '../helpers/cli.js';
import { locationOf } from '../helpers/db.js';

const realFsync = fs.fsync;
let synced: string[] = [];

afterEach(() => {
  fs.fsync = realFsync;
  synced = [];
});

function watchFsync(): void {
  fs.fsync = ((fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
    synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    return realFsync(fd, cb);
  }) as typeof fs.fsync;
}

async function synchronous(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<number> {
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
  return rows[0].synchronous;
}

describe.skipIf(onPostgres)('deferred WAL sync (SQLite: PostgreSQL commits are its own)', () => {
  it('commits without syncing, then fsyncs the WAL before the transaction returns; FULL again when turned off', async () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    const { db, path: file } = await openDatabase(locationOf(cwd));
    try {
      expect(await synchronous(db)).toBe(2); // FULL
      const undo = deferSyncToCommit(db);
      expect(await synchronous(db)).toBe(1); // NORMAL: COMMIT leaves the sync to us
      watchFsync();
      let committed = false;
      const done = withImmediateTransaction(db, async (trx) => {
        await trx.updateTable('blocks').set({ priority: 7 }).execute();
        committed = true;
      });
      await done;
      expect(committed).toBe(true);
      expect(synced).toEqual([fs.realpathSync(`${file}-wal`)]);
      undo();
      expect(await synchronous(db)).toBe(2);
      synced = [];
      await withImmediateTransaction(db, async (trx) => void (await trx.updateTable('blocks').set({ priority: 8 }).execute()));
      expect(synced).toEqual([]); // COMMIT synced by itself
    } finally {
      await db.destroy();
    }
  });
});
