/** The jsonl logger: one JSON record per line, for tools and scripts to read back. */
import { AppendFile } from './append-file.js';
import type { Logger } from './logger.js';
import { buildRecord } from './record.js';

export function createJsonlLogger(path: string): Logger {
  const file = new AppendFile(path);
  return {
    name: `jsonl:${path}`,
    async log(block, outcome, ctx) {
      file.write(`${JSON.stringify(buildRecord(block, outcome, ctx))}\n`);
    },
    async close() {
      file.close();
    },
  };
}
