/**
 * One attempt's two log files (log-files.ts) while run-command.ts runs it: the start marker in each,
 * this attempt's tails, the end marker, and no stderr file when nothing was written there. Two ways in:
 * - opened here: an earlier attempt's files are there (or something else is). They are opened refusing
 *   symlinks and the markers written before the spawner's shell appends to them with `>>`.
 * - created by the spawner: neither file exists, so the spawner's shell creates both with the markers,
 *   by O_EXCL creates that fail on anything found there (spawner-script.ts), and this thread creates
 *   no file. On ext4 creating one cost this thread 0.13 ms against 0.03 ms for the shell to open one
 *   that exists (strace -T, 200 `true` at -c 2): the largest of its per-command costs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { errFileFor, readTailOf } from './log-files.js';
import { maskSecretsInFile } from './mask-log-file.js';
import type { TrackedFiles } from './output-order.js';
import { ensurePrivateDir, openPrivateFile, removeFile } from '../private-file.js';

export interface EndedAttempt {
  wroteStderr: boolean;
  stdoutTail: string;
  stderrTail: string;
}

export class AttemptFiles {
  readonly errPath: string;
  /** the attempt's start line, the same in both files */
  readonly marker: string;
  /** each file's size once its start marker is written: this attempt's output comes after */
  readonly stdoutFrom: number;
  readonly stderrFrom: number;
  /** The spawner creates the files (neither existed); false: they are open here, markers written. */
  readonly byShell: boolean;
  /** the stderr file's size before this attempt (0: it did not exist) */
  private readonly stderrBefore: number;
  private log: number | null = null;
  private err: number | null = null;
  private wroteStderr = false;
  /** what the spawner left at the stderr path, looked at once its command ended */
  private createdErr: fs.Stats | undefined;

  /**
   * `stamp`, the start time in the markers. Throws UnsafePathError when a file is a symlink or not a
   * regular file.
   */
  constructor(
    readonly logPath: string,
    attempt: number,
    readonly stamp: string,
  ) {
    this.errPath = errFileFor(logPath);
    this.marker = `--- attempt ${attempt} started ${stamp}\n`;
    ensurePrivateDir(path.dirname(logPath));
    const markerBytes = Buffer.byteLength(this.marker);
    this.byShell = !fs.lstatSync(logPath, { throwIfNoEntry: false }) && !fs.lstatSync(this.errPath, { throwIfNoEntry: false });
    if (this.byShell) {
      this.stdoutFrom = this.stderrFrom = markerBytes;
      this.stderrBefore = 0;
      return;
    }
    const log = openPrivateFile(logPath, { read: true });
    try {
      fs.writeSync(log, this.marker);
      const err = openPrivateFile(this.errPath, { read: true });
      this.err = err;
      this.stderrBefore = fs.fstatSync(err).size;
      fs.writeSync(err, this.marker);
    } catch (e) {
      fs.closeSync(log);
      if (this.err !== null) fs.closeSync(this.err);
      throw e;
    }
    this.log = log;
    this.stdoutFrom = fs.fstatSync(log).size;
    this.stderrFrom = this.stderrBefore + markerBytes;
  }

  /** What the order recorder reads the sizes through. */
  get tracked(): TrackedFiles {
    return this.byShell ? { open: false, log: this.logPath, err: this.errPath } : { open: true, log: this.log!, err: this.err! };
  }

  /**
   * The command has ended: what it wrote is masked (`secrets`) and its tails read. No stderr file is
   * left for an attempt that wrote none (one earlier attempts wrote keeps their part).
   */
  ended(secrets: string[]): EndedAttempt {
    if (this.byShell) this.openCreated();
    const log = this.log!;
    this.wroteStderr = this.err !== null && fs.fstatSync(this.err).size > this.stderrFrom;
    if (secrets.length) {
      maskSecretsInFile(this.logPath, this.stdoutFrom, secrets);
      if (this.wroteStderr) maskSecretsInFile(this.errPath, this.stderrFrom, secrets);
    }
    const stdoutTail = readTailOf(log, 20, this.stdoutFrom);
    const stderrTail = this.wroteStderr ? readTailOf(this.err!, 20, this.stderrFrom) : '';
    if (!this.wroteStderr) this.dropStderr();
    return { wroteStderr: this.wroteStderr, stdoutTail, stderrTail };
  }

  /** Writes the end marker (to stderr's file too if this attempt wrote there) and closes the files. */
  close(endMarker: string): void {
    fs.writeSync(this.log!, endMarker);
    if (this.wroteStderr) fs.writeSync(this.err!, endMarker);
    this.closeFds();
  }

  /** The command never started: the files read as if it was never handed over. */
  undo(): void {
    if (this.byShell) {
      // Whatever the spawner created before it stopped: files holding only the marker.
      for (const file of [this.logPath, this.errPath]) if (this.onlyMarker(file)) removeFile(file);
      return;
    }
    fs.ftruncateSync(this.log!, this.stdoutFrom - Buffer.byteLength(this.marker));
    this.dropStderr();
    this.closeFds();
  }

  /**
   * Why the spawner refused to start the command: something appeared at a path it was to create, or
   * replaced a file opened here, after the check.
   */
  refusal(): string {
    for (const file of [this.errPath, this.logPath]) {
      const stat = fs.lstatSync(file, { throwIfNoEntry: false });
      if (stat?.isSymbolicLink()) return `refusing to write ${file}: it is a symbolic link (remove it; workblock never writes through one)`;
      if (stat && !stat.isFile()) return `refusing to write ${file}: it is not a regular file (remove it)`;
      if (stat && this.byShell && !this.onlyMarker(file, stat)) return `refusing to write ${file}: it appeared as the command was starting (remove it)`;
    }
    return `refusing to write ${this.logPath}: it changed as the command was starting`;
  }

  /**
   * The files the spawner created, opened for the tails and the end marker (refusing symlinks), and
   * what it left at the stderr path. A spawner that could not be started created none: the log then
   * gets its marker here.
   */
  private openCreated(): void {
    try {
      this.log = openPrivateFile(this.logPath, { read: true, create: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.log = openPrivateFile(this.logPath, { read: true });
      fs.writeSync(this.log, this.marker);
    }
    this.createdErr = fs.lstatSync(this.errPath, { throwIfNoEntry: false });
    if (this.createdErr?.isFile() && this.createdErr.size > this.stderrFrom) this.err = openPrivateFile(this.errPath, { read: true, create: false });
  }

  private dropStderr(): void {
    if (this.err !== null) fs.ftruncateSync(this.err, this.stderrBefore);
    if (this.stderrBefore === 0 && (this.err !== null || this.onlyMarker(this.errPath, this.createdErr))) removeFile(this.errPath);
  }

  /** A regular file holding this attempt's start marker and nothing else (as the spawner creates it). */
  private onlyMarker(file: string, stat = fs.lstatSync(file, { throwIfNoEntry: false })): boolean {
    return !!stat?.isFile() && stat.size === Buffer.byteLength(this.marker);
  }

  private closeFds(): void {
    if (this.log !== null) fs.closeSync(this.log);
    if (this.err !== null) fs.closeSync(this.err);
    this.log = this.err = null;
  }
}
