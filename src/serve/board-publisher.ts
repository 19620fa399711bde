/**
 * The board view, read once per change and the same text sent to every client, so 100 open tabs
 * cost one set of queries. At most one read runs at a time; changes during a read cause one more
 * read after it, and reads start at least `minGapMs` apart, so a queue settling thousands of blocks a
 * second costs a few reads a second (a read of a 200k-block queue took 30-50 ms, measured).
 */
import type { Queue } from '../workblock.js';
import type { SseHub } from './sse.js';
import { boardView } from './views.js';

/** Clients time running blocks by the server's clock: each send carries it, without re-serialising the view. */
const stamped = (view: string) => `{"sent_ms":${Date.now()},${view.slice(1)}`;

export class BoardPublisher {
  private latest: Promise<string> | null = null;
  private reading = false;
  private changedDuringRead = false;
  private lastStart = 0;
  private delayed: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** settles when the read under way (if any) is done: stop() waits for it before the database closes */
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly queue: Queue,
    private readonly hub: SseHub,
    private readonly report: (e: unknown) => void,
    private readonly minGapMs = 200,
  ) {}

  /** The queue may have changed: read it again (soon) and send it to every client. */
  readonly refresh = (): void => {
    if (this.stopped || this.delayed) return; // a read is scheduled: it will see this change
    if (this.reading) return void (this.changedDuringRead = true);
    const wait = this.lastStart + this.minGapMs - Date.now();
    if (wait > 0) {
      this.delayed = setTimeout(() => {
        this.delayed = undefined;
        this.refresh();
      }, wait);
      return;
    }
    this.reading = true;
    this.lastStart = Date.now();
    const p = this.read();
    this.inFlight = p.then((text) => {
      this.latest = p;
      this.hub.broadcast('board', stamped(text));
    }, this.report).finally(() => {
      this.reading = false;
      if (this.changedDuringRead) {
        this.changedDuringRead = false;
        this.refresh();
      }
    });
  };

  /** The last view read, stamped with the time it is sent (the view may be older: nothing changed since). */
  async current(): Promise<string> {
    this.latest ??= this.read();
    try {
      return stamped(await this.latest);
    } catch (e) {
      this.latest = null; // a failed read is not kept: the next request reads again
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.delayed);
    clearTimeout(this.retryTimer);
    await this.inFlight;
  }

  private async read(): Promise<string> {
    const view = await boardView(this.queue);
    // A retry's not-before time passing changes no row: wake up then, so it moves to pending on screen.
    clearTimeout(this.retryTimer);
    const next = Date.parse(view.blocks.retry[0]?.run_at ?? '');
    if (next && !this.stopped) this.retryTimer = setTimeout(this.refresh, Math.min(60_000, Math.max(50, next - Date.now() + 20))).unref();
    return JSON.stringify(view);
  }
}
