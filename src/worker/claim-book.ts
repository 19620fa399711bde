/**
 * What this run may claim next: N's budget (blocks claimed and not given back), the blocks it set
 * aside (undelivered or interrupted here: the next execute tries them again), and past N only retries
 * of its own blocks. It turns the executor's free room into the store's ClaimRequest, so the store
 * sees ids and counts, never the worker's prefetch.
 */
import type { ClaimRequest } from '../store/claim.js';
import type { WorkBlock } from '../queue/types.js';

/** Most blocks one claim takes (blocks without a command need no slot). */
const CLAIM_MAX = 200;
/**
 * After a claim that brought commands, the next takes at most a few blocks beyond its free slots:
 * it would otherwise read up to CLAIM_MAX ready rows to fill a slot or two.
 */
const NOTES_BEYOND_SLOTS = 8;

export class ClaimBook {
  /** claimed in this run (a block given back unclaimed is forgotten: another may take its place) */
  readonly claimed = new Set<number>();
  /** not to be claimed again in this run; `execute --wait` forgets them once a tick (wait-step.ts) */
  readonly setAside = new Set<number>();
  /** the last claim brought blocks that run a command */
  private commandsNext = false;

  constructor(
    private readonly n: number,
    private readonly filter: Pick<ClaimRequest, 'tags' | 'batch'>,
  ) {}

  /** How many more blocks N allows. */
  budget(): number {
    return this.n - this.claimed.size;
  }

  /**
   * The next claim for `room` free places (slots plus prefetch), or null when there is nothing to ask
   * for. Past N only retries of this run's blocks may be taken, and only if it scheduled some.
   * The sets are passed live: ids set aside while the claim's commit is prepared are excluded too.
   */
  request(room: number, retriesScheduled: boolean): ClaimRequest | null {
    const budget = this.budget();
    if (room <= 0 || (budget <= 0 && !retriesScheduled)) return null;
    const max = Math.min(budget > 0 ? budget : CLAIM_MAX, CLAIM_MAX, this.commandsNext ? room + NOTES_BEYOND_SLOTS : CLAIM_MAX);
    return { max, commandSlots: room, tags: this.filter.tags, batch: this.filter.batch, excludeIds: this.setAside, retriesOf: budget > 0 ? undefined : this.claimed };
  }

  took(blocks: WorkBlock[]): void {
    this.commandsNext = blocks.some((b) => b.command && !b.outcome);
    for (const b of blocks) this.claimed.add(b.id);
  }

  /** Given back without running: it does not count against N. */
  gaveBack(block: WorkBlock): void {
    this.claimed.delete(block.id);
  }
}
