/**
 * Wakes a process waiting on a SQLite queue when another process may have committed, instead of it
 * finding out at its next poll (PostgreSQL has LISTEN for this). inotify, through fs.watch, on the
 * database's directory reports each write to the database file, its WAL or its rollback journal, by
 * name. The directory rather than the files: the WAL is removed when the last connection closes and
 * made again by the next one, and a watch on a file would stay on the removed one.
 *
 * A write is seen before the commit it belongs to can be read: the writer still syncs the WAL and
 * then updates the shared-memory index that readers look at. So after a wake the waiter is woken
 * again at growing intervals (5 ms after it, doubling to 80 between looks) in case it looked too
 * soon; without that, a look in the middle of a commit found nothing and the next came a second later.
 *
 * A hint only: events can be lost (the kernel's queue overflows) or never come (a network file
 * system, a writer on another machine), so waiters still poll, only less often. A spurious wake (this
 * process's own write, a checkpoint) costs the waiter one indexed query.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { sqliteHandleOf } from './sqlite-handle.js';

export type WakeReason = 'changed' | 'timeout' | 'aborted';

/** The looks again after a wake, in ms after it (5 ms, doubling to 80 between them). */
const LOOKS_AGAIN_MS = [5, 15, 35, 75, 155];

export class CommitWatch {
  /** a write was seen that no next() has reported yet */
  private changed = false;
  private wake: (() => void) | null = null;
  /** after a wake: when to look again (performance.now() times, earliest first) */
  private looksAgain: number[] = [];
  private readonly watcher: fs.FSWatcher;

  /** A watch on a writable SQLite queue's file; null on PostgreSQL, read-only, or when inotify refuses. */
  static open(db: Kysely<Database>): CommitWatch | null {
    const file = sqliteHandleOf(db)?.file;
    if (!file) return null;
    try {
      return new CommitWatch(file);
    } catch {
      return null; // no inotify instance or watch left (fs.inotify limits): polling it is
    }
  }

  private constructor(file: string) {
    const base = path.basename(file);
    const names = new Set([base, `${base}-wal`, `${base}-journal`]);
    // persistent: false, so a watch never keeps the process alive; the waiter's timer does.
    this.watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => {
      // No name: the kernel's queue overflowed and events were lost, one of them perhaps a commit.
      if (name === null || names.has(String(name))) this.note();
    });
    this.watcher.on('error', () => this.close()); // e.g. the directory went: the waiter's polls go on
  }

  private note(): void {
    this.changed = true;
    this.wake?.();
  }

  /**
   * 'changed' at the first write seen since the last call (at once if there was one) and at each look
   * again after it, 'timeout' after `ms`, 'aborted' when `signal` fires. Writes during the caller's
   * look are kept for the next call, so a commit made between a look and the next wait is never
   * slept through.
   */
  next(ms: number, signal?: AbortSignal): Promise<WakeReason> {
    if (signal?.aborted) return Promise.resolve('aborted');
    if (this.changed) return Promise.resolve(this.woke());
    // A look again that fell while the caller was busy is covered by the look it just made.
    const now = performance.now();
    while (this.looksAgain.length && this.looksAgain[0]! <= now) this.looksAgain.shift();
    const again = this.looksAgain.length && this.looksAgain[0]! - now < ms ? this.looksAgain.shift()! - now : null;
    return new Promise((resolve) => {
      const done = (reason: WakeReason) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = null;
        resolve(reason);
      };
      const onAbort = () => done('aborted');
      const timer = again === null ? setTimeout(done, Math.max(0, ms), 'timeout') : setTimeout(done, again, 'changed');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => done(this.woke());
    });
  }

  /** A write was seen: report it, and plan the looks again. */
  private woke(): 'changed' {
    this.changed = false;
    const now = performance.now();
    this.looksAgain = LOOKS_AGAIN_MS.map((ms) => now + ms);
    return 'changed';
  }

  close(): void {
    this.watcher.close();
  }
}

/** The watch's next(), or where there is none (PostgreSQL, no inotify) a plain sleep of `ms`. */
export async function nextChange(watch: CommitWatch | null, ms: number, signal?: AbortSignal): Promise<WakeReason> {
  if (watch) return watch.next(ms, signal);
  try {
    await sleep(Math.max(0, ms), undefined, { signal });
    return 'timeout';
  } catch {
    return 'aborted';
  }
}
