/** Test files see the run's own temp directory (test/setup/temp-root.ts), so the run leaves nothing in /tmp. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { RUN_ROOT_PREFIX } from './temp-root.js';

it("puts every temp file of the run under the run's own directory", () => {
  const root = os.tmpdir();
  expect(path.basename(root)).toMatch(new RegExp(`^${RUN_ROOT_PREFIX}`));
  expect(fs.statSync(root).mode & 0o7777).toBe(0o1777);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-'));
  expect(path.dirname(dir)).toBe(root);
});
