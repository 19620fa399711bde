/**
 * The executor's loop sleeps until something happens: a command starts or ends, a block is taken
 * back, a stop. Whoever sees the event rings; only the latest next() is resolved, as only the loop waits.
 */
export class Wakeup {
  private wake = () => {};

  /** Resolves (true) at the next ring. */
  next(): Promise<boolean> {
    return new Promise<boolean>((resolve) => (this.wake = () => resolve(true)));
  }

  ring(): void {
    this.wake();
  }
}
