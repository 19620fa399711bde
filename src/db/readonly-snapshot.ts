/**
 * Read commands on a database this user cannot write. SQLite needs to create a `-shm` file to read a
 * WAL database, which a read-only directory forbids; so read from a private copy (0600, removed on close).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Snapshot {
  file: string;
  remove(): void;
}

export function snapshotForReading(dbPath: string): Snapshot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workblock-ro-'));
  const file = path.join(dir, 'snapshot.db');
  fs.copyFileSync(dbPath, file);
  // Committed transactions not yet checkpointed live in the -wal file: they belong to the snapshot.
  if (fs.existsSync(`${dbPath}-wal`)) fs.copyFileSync(`${dbPath}-wal`, `${file}-wal`);
  fs.chmodSync(file, 0o600);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function needsSnapshot(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY');
}
