/**
 * Which database a command uses when neither --db nor WORKBLOCK_DB names one: the nearest existing
 * data/workblocks.db in this directory or above, the way git finds .git, so `workblock` run from a
 * subdirectory (or a cron job's cd) uses the project's queue instead of silently starting a new one.
 *
 * The search trusts only what this user could have put there: it stops below a world-writable
 * directory such as /tmp (anyone could plant a database there to collect your blocks) and skips a
 * database file owned by someone else.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_DB_PATH = path.join('data', 'workblocks.db');

export function findDatabaseUpward(cwd: string): string | null {
  const uid = process.getuid?.();
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const st = fs.statSync(dir, { throwIfNoEntry: false });
    if (!st || st.mode & 0o002) return null;
    const candidate = path.join(dir, DEFAULT_DB_PATH);
    const file = fs.lstatSync(candidate, { throwIfNoEntry: false });
    if (file?.isFile() && (uid === undefined || file.uid === uid)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}
