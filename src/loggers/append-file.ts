/**
 * A private (0600) append-only file opened once on first write, so logging thousands of blocks costs
 * one open. A symlink at its path is refused (the delivery fails, naming the path), never followed.
 */
import { closeSync, mkdirSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { openPrivateFile } from '../private-file.js';

export class AppendFile {
  private fd: number | null = null;

  constructor(readonly path: string) {}

  /**
   * One write() per entry: with O_APPEND, concurrent `execute` runs sharing the file
   * interleave whole entries rather than halves of them.
   */
  write(text: string): void {
    if (this.fd === null) this.fd = this.open();
    writeSync(this.fd, text);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  private open(): number {
    // Logs hold task text and results, which are often private: owner-only directory and file.
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    return openPrivateFile(this.path);
  }
}
