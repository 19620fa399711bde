/**
 * Records in which order a running command wrote to its stdout and its stderr, so `workblock logs`
 * can show the two in time order while they stay in separate files (log-files.ts).
 *
 * Why not a pipe: a command writes straight to its files, because a pipe read by Node cost about 1 ms
 * per command, a command writing faster than this thread reads would wait on a full pipe, and a
 * background job a command leaves (a daemon) would get SIGPIPE once execute exits. Files cost none of
 * that but say nothing about order. The kernel does: one inotify watch on the logs directory (for the
 * whole execute, none per command) queues a "modified" event per write, in write order across files.
 * When the writing stream changes (stdout, then stderr), the bytes the other stream had written so
 * far came first: that boundary is appended to ID.order as "o OFFSET" or "e OFFSET" (a byte offset in
 * ID.log or ID.err). Only commands that switch streams write the file; the others cost the events
 * of the attempt markers. Measured on 200 `true` blocks one at a time (`execute 200`, 40 runs each,
 * taking turns, under chrt -f 20 on the shared 2-core machine, load 6-7, 2026-11-29): +1.6% and +1.8%
 * wall, +2.2% and +2.9% CPU against the same build with this recorder off.
 *
 * The order is as exact as this thread is prompt: a file's size is read when its event is handled,
 * so what a stream wrote after switching back and forth before then counts with its earlier output
 * (`echo a; echo b >&2; echo c` at full speed can read a, c, b). Without events (an unrecorded tail,
 * a lost watch, older logs) the reader falls back to stdout, then stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openPrivateFile, UnsafePathError } from '../private-file.js';

type Stream = 'o' | 'e';

/**
 * A command's two files as the recorder reads their sizes: open here (the executor wrote the start
 * markers), or by path (the spawner creates them, with the markers, once it starts the command).
 */
export type TrackedFiles = { open: true; log: number; err: number } | { open: false; log: string; err: string };

interface Tracked {
  size: (stream: Stream) => number;
  /** each file's size when last looked at: what is below was written before what comes after */
  seen: Record<Stream, number>;
  last: Stream | null;
  /** events still to come from our own writes before the command's (see track) */
  skip: number;
  file: string;
  /** ID.order: null until the first switch opens it, 'lost' once writing it failed */
  journal: number | null | 'lost';
  /** the files' sizes when the command ended (its files may be closed by now), and when that was */
  final: Record<Stream, number> | null;
  endedAt: number;
}

/**
 * How long an ended command's record stays, for its last writes' events: they can be read after the
 * spawner's "ended" reply (seen with the first command of an execute), usually in the same or the
 * next poll phase. Swept as later commands end, so no timer (and no immediate per command) is needed.
 */
const DRAIN_MS = 1000;

export class OutputOrder {
  private watcher: fs.FSWatcher | null = null;
  private unwatchable = false;
  /** running commands by the name their files share (the block id) */
  private readonly tracked = new Map<string, Tracked>();
  /** ended commands, oldest first, until DRAIN_MS after their end */
  private readonly ended: [string, Tracked][] = [];

  constructor(private readonly dir: string) {}

  /**
   * Starts recording for a command's `files`, their sizes after the attempt's start markers being
   * `logFrom` and `errFrom`. Returns the function to call when it has ended, before anything else is
   * written to its files or they are closed.
   * Throws UnsafePathError when ID.order is a symlink or not a regular file.
   */
  track(id: number, files: TrackedFiles, logFrom: number, errFrom: number): () => void {
    const file = path.join(this.dir, `${id}.order`);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) throw new UnsafePathError(`refusing to write ${file}: it is a symbolic link (remove it; workblock never writes through one)`);
    if (stat && !stat.isFile()) throw new UnsafePathError(`refusing to write ${file}: it is not a regular file (remove it)`);
    const startedNow = this.watch();
    const key = String(id);
    const earlier = this.tracked.get(key);
    if (earlier) this.forget(key, earlier);
    // The start markers' two "modified" events may be read after the command wrote: their sizes
    // then include its output, and the marker written first would look like its first output. So
    // they are skipped, counted. Markers written here: an attribute change after them (a third
    // event) keeps inotify from merging the second marker's event with the command's first write to
    // the same file; a watch started only now did not see the markers, and only that event is ours.
    // Markers the spawner writes come after this, followed by a write to a file of its own (the
    // separator, spawner-script.ts) for the same reason.
    let skip = 2;
    if (files.open) {
      fs.fchmodSync(files.log, 0o600);
      skip = startedNow ? 1 : 3;
    }
    const size = files.open ? (s: Stream) => fs.fstatSync(s === 'o' ? files.log : files.err).size : (s: Stream) => fs.lstatSync(s === 'o' ? files.log : files.err, { throwIfNoEntry: false })?.size ?? 0;
    const t: Tracked = { size, seen: { o: logFrom, e: errFrom }, last: null, skip, file, journal: null, final: null, endedAt: 0 };
    this.tracked.set(key, t);
    return () => {
      t.final = { o: size('o'), e: size('e') };
      t.endedAt = performance.now();
      this.ended.push([key, t]);
      while (t.endedAt - this.ended[0][1].endedAt > DRAIN_MS) this.forget(...this.ended.shift()!);
    };
  }

  private forget(key: string, t: Tracked): void {
    if (this.tracked.get(key) === t) this.tracked.delete(key);
    if (typeof t.journal === 'number') fs.closeSync(t.journal);
    t.journal = 'lost';
  }

  close(): void {
    for (const [k, t] of this.tracked) this.forget(k, t);
    this.ended.length = 0;
    this.watcher?.close();
    this.watcher = null;
  }

  /** Starts the watch unless it runs (or cannot): true when it starts now. */
  private watch(): boolean {
    if (this.watcher || this.unwatchable) return false;
    try {
      // One watch for the executor's life; it never keeps the process alive.
      this.watcher = fs.watch(this.dir, { persistent: false }, (type, name) => {
        if (type === 'change' && name) this.changed(name);
      });
    } catch (e) {
      // Out of inotify watches or instances (ENOSPC, EMFILE): the commands run all the same, only
      // the order is lost, so say so once and go on.
      this.unwatchable = true;
      process.emitWarning(`cannot watch ${this.dir} (${(e as Error).message}): \`workblock logs\` will show each attempt's stdout before its stderr`);
      return false;
    }
    // A watch that fails later (the directory removed) only loses the order: logs falls back to stdout first.
    this.watcher.on('error', () => this.close());
    return true;
  }

  private changed(name: string): void {
    const dot = name.lastIndexOf('.');
    const t = this.tracked.get(name.slice(0, dot));
    if (!t) return;
    if (t.skip > 0) return void t.skip--;
    const ext = name.slice(dot + 1);
    const stream: Stream | null = ext === 'log' ? 'o' : ext === 'err' ? 'e' : null;
    if (!stream) return;
    const size = t.final ? t.final[stream] : t.size(stream);
    if (size <= t.seen[stream]) return; // the markers written before it started, or a truncation
    if (t.last && t.last !== stream) this.record(t, t.last);
    t.seen[stream] = size;
    t.last = stream;
  }

  /** Appends "the other stream's bytes up to here came first". */
  private record(t: Tracked, before: Stream): void {
    if (t.journal === 'lost') return;
    try {
      t.journal ??= openPrivateFile(t.file);
      fs.writeSync(t.journal, `${before} ${t.seen[before]}\n`);
    } catch (e) {
      // Refused (a symlink planted since the command started) or a full disk: never written through
      // a symlink, and the only loss is the order, so the command goes on. logs shows stdout first.
      if (typeof t.journal === 'number') fs.closeSync(t.journal);
      t.journal = 'lost';
      if (!(e instanceof UnsafePathError) && (e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    }
  }
}
