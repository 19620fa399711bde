/**
 * `execute --wait`: what a long-lived worker does between claims. When a claim finds nothing, turn()
 * queues the schedule occurrences that came due and sleeps until work may be ready (waitForWork:
 * LISTEN/NOTIFY on PostgreSQL, another process's commit or a poll on SQLite), the next schedule slot,
 * the deadline or a stop; the executor's loop then claims again and decides, as always, whether to stop.
 *
 * Once a tick (a minute), busy or idle, tick() also does what a one-shot execute does only at its
 * start: queue due schedules, return dead executors' blocks, and forget which blocks this run set
 * aside (an undelivered or interrupted block is tried again, as the next execute would).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { coerceError } from '../errors.js';
import { readPause } from '../queue/pause.js';
import type { ReadyFilter } from '../store/ready.js';
import { recoverStale } from '../store/recover.js';
import { listSchedules, materializeDueSchedules } from '../store/schedules.js';
import { POLL_MS, waitForWork } from '../store/wait-for-work.js';
import { CommitWatch, nextChange } from '../db/commit-watch.js';
import type { ExecuteEvent } from './execute-types.js';

export interface WaitStepOptions {
  filter: Pick<ReadyFilter, 'tags' | 'batch'>;
  /** blocks this run set aside: not work to wake for; cleared once a tick */
  exclude: Set<number>;
  /** epoch ms of --max-time's end */
  deadline?: number;
  signal?: AbortSignal;
  emit: (e: ExecuteEvent) => void;
  /** SQLite: the longest between looks when no commit was seen (ExecuteOptions.waitPollMs) */
  pollMs?: number;
}

/** The longest a worker waits without looking at schedules, dead executors and its set-aside blocks. */
export const TICK_MS = 60_000;

export class WaitStep {
  private nextTick = Date.now() + TICK_MS; // execute recovered and queued schedules just before the loop
  private schedulesFailed = false;
  /** SQLite's commit watch, opened at the first turn (undefined until then; null where there is none) */
  private watch: CommitWatch | null | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: WaitStepOptions,
  ) {}

  /** A tick is due (the executor's loop checks this while busy too). */
  tickDue(): boolean {
    return Date.now() >= this.nextTick;
  }

  /** Once a tick: queue due schedules, recover dead executors' blocks, retry the set-aside ones. */
  async tick(): Promise<void> {
    this.nextTick = Date.now() + TICK_MS;
    await this.queueSchedules();
    const recovered = await this.tolerate('recovering blocks of dead executors', () => recoverStale(this.db));
    if (recovered?.length) this.opts.emit({ type: 'recovered', ids: recovered });
    this.opts.exclude.clear();
  }

  /** Nothing was claimed: returns when there may be work, a schedule slot fell, time is up or a stop came. */
  async turn(): Promise<void> {
    // Opened before anything is read, so that a commit made after the reads below wakes the wait; kept
    // until the worker ends, so the writes it sees while busy make the next turn look once more.
    const watch = this.watch === undefined ? (this.watch = CommitWatch.open(this.db)) : this.watch;
    if (this.tickDue()) await this.tick();
    else await this.queueSchedules();
    // After a failure the due slot is still due: wait for the tick rather than spin on it.
    const nextSlot = this.schedulesFailed ? undefined : await this.nextSlotAt();
    // Whatever was just queued or recovered is claimed at once: the ready check below returns at once.
    const timeoutMs = Math.max(0, Math.min(this.nextTick, this.opts.deadline ?? Infinity, nextSlot ?? Infinity) - Date.now());
    const pause = await readPause(this.db);
    const pollMs = this.opts.pollMs ?? POLL_MS;
    if (pause.all) {
      // `resume` is a commit like any other: the watch wakes for it (PostgreSQL looks every pollMs).
      const ms = Math.min(timeoutMs, pollMs);
      await nextChange(watch, ms, this.opts.signal); // aborted: the loop stops
      return;
    }
    await waitForWork(this.db, { timeoutMs, signal: this.opts.signal, filter: { ...this.opts.filter, excludeTags: pause.tags }, exclude: this.opts.exclude, watch, pollMs });
  }

  close(): void {
    this.watch?.close();
  }

  private async queueSchedules(): Promise<void> {
    const ids = await this.tolerate('queueing scheduled blocks', () => materializeDueSchedules(this.db));
    this.schedulesFailed = ids === undefined;
    if (ids?.length) this.opts.emit({ type: 'scheduled', ids });
  }

  /** When the next schedule slot falls, if any. */
  private async nextSlotAt(): Promise<number | undefined> {
    const next = (await listSchedules(this.db)).map((s) => s.nextAt).filter((t): t is number => t !== null);
    return next.length ? Math.min(...next) : undefined;
  }

  /** A worker that waits for hours outlives a busy database: a failed step is a warning, tried again next turn. */
  private async tolerate<T>(what: string, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (e) {
      this.opts.emit({ type: 'warning', message: `${what} failed (will try again): ${coerceError(e).message}` });
      return undefined;
    }
  }
}
