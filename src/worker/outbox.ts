/**
 * The transitions the executor has seen and not yet committed, and when they are worth a commit.
 * One commit (an fsync) carries them all with the next claim (store/transitions.ts). Ended commands
 * and blocks that never started go at once: finished work is only in memory until they are recorded.
 * Settlements and child-process notes alone do not warrant a commit while commands still run: they
 * ride with the next outcome, or go on their own after LAZY_COMMIT_MS.
 */
import type { ChildNote } from '../store/transitions.js';
import type { Settlement } from '../store/settle.js';
import type { WorkBlock } from '../queue/types.js';
import type { Finished } from './decide.js';

const LAZY_COMMIT_MS = 15;

/** A command that ended; `interrupted` when a stop, not the command, ended it. */
export type Ended = Finished & { interrupted: boolean };

/** What one commit takes from the outbox (the ended commands are taken first, see commit.ts). */
export interface Taken {
  children: ChildNote[];
  settlements: Settlement[];
  unclaimed: WorkBlock[];
}

export class Outbox {
  /** commands that ended, outcome not yet recorded */
  readonly ended: Ended[] = [];
  /** delivered (or judged): to settle */
  readonly settlements: Settlement[] = [];
  /** claimed, never started: to give back as if never claimed */
  readonly unclaimed: WorkBlock[] = [];
  /** commands started since the last commit: their process groups, which recovery needs while they run */
  readonly children: ChildNote[] = [];
  /** when settlements or child notes began waiting for a commit */
  private lazySince: number | null = null;

  commandStarted(id: number, pid: number): void {
    this.children.push({ id, pid });
    this.lazySince ??= performance.now();
  }

  commandEnded(e: Ended): void {
    this.ended.push(e);
  }

  settled(s: Settlement): void {
    this.settlements.push(s);
    this.lazySince ??= performance.now();
  }

  neverStarted(block: WorkBlock): void {
    this.unclaimed.push(block);
  }

  /** Settlements and notes are due when nothing runs, on a stop, or after LAZY_COMMIT_MS. */
  lazyDue(nothingRunsOrStopping: boolean): boolean {
    return this.lazySince !== null && (nothingRunsOrStopping || performance.now() - this.lazySince >= LAZY_COMMIT_MS);
  }

  /** How much a commit would carry now (settlements and notes only when due). */
  work(lazyDue: boolean): number {
    return this.ended.length + this.unclaimed.length + (lazyDue ? this.settlements.length + this.children.length : 0);
  }

  /** Ms until waiting settlements or notes are due for a commit; null when none wait. */
  lazyDueInMs(): number | null {
    return this.lazySince === null ? null : Math.max(0, this.lazySince + LAZY_COMMIT_MS - performance.now());
  }

  isEmpty(): boolean {
    return !(this.ended.length || this.settlements.length || this.unclaimed.length || this.children.length);
  }

  takeEnded(): Ended[] {
    return this.ended.splice(0);
  }

  takeRest(): Taken {
    return { children: this.children.splice(0), settlements: this.settlements.splice(0), unclaimed: this.unclaimed.splice(0) };
  }

  /** Nothing was committed: keep it all, in order, for the next attempt. */
  putBack(ended: Ended[], rest: Taken): void {
    this.ended.unshift(...ended);
    this.children.unshift(...rest.children);
    this.settlements.unshift(...rest.settlements);
    this.unclaimed.unshift(...rest.unclaimed);
  }

  /** After a commit: what arrived meanwhile waits from now. */
  committed(): void {
    this.lazySince = this.settlements.length || this.children.length ? performance.now() : null;
  }
}
