/** The markdown logger: a human-readable work diary, one section appended per finished block. */
import { AppendFile } from './append-file.js';
import type { Logger } from './logger.js';
import { renderMarkdownEntry } from './markdown-entry.js';

export function createMarkdownLogger(path: string): Logger {
  const file = new AppendFile(path);
  return {
    name: `markdown:${path}`,
    async log(block, outcome) {
      file.write(renderMarkdownEntry(block, outcome));
    },
    async close() {
      file.close();
    },
  };
}
