/**
 * One temporary directory per test run, under which every test's temp files go (TMPDIR, read by
 * os.tmpdir() in vitest's workers, the CLI processes they start and the spawners' start tokens), and
 * which is removed when vitest exits. A run makes thousands of temp directories (each CLI test has
 * its own queue); left in /tmp, they made creating a file there 25 times slower on the bench machine
 * (0.5 ms instead of 0.02), which skewed every bench row that writes log files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RUN_ROOT_PREFIX = 'wb-test-run-';

export function useRunTempRoot(): string {
  const current = process.env.TMPDIR;
  if (current && path.basename(current).startsWith(RUN_ROOT_PREFIX)) return current; // (config read twice)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), RUN_ROOT_PREFIX));
  // Like /tmp (sticky, open to all): the PostgreSQL test server runs as `postgres` in a directory below,
  // and some tests run the CLI as `nobody`.
  fs.chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}
