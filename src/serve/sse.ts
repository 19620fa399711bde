/**
 * Server-sent events: one open response per client. Writes never throw at a client that went away
 * (it is dropped on 'close'), and a client that stops reading is cut off once its unsent backlog
 * passes a bound, so one stalled tab cannot grow the server's memory.
 */
import type { ServerResponse } from 'node:http';
import { BASE_HEADERS } from './http-io.js';

const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export class SseClient {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly onClose = new Set<() => void>();

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    // A comment line now and then keeps proxies and idle timers from closing a quiet stream.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
    res.on('close', () => this.close());
    res.on('error', () => this.close()); // a reset mid-write: the 'close' that follows cleans up
  }

  get isClosed(): boolean {
    return this.closed;
  }

  whenClosed(fn: () => void): void {
    if (this.closed) fn();
    else this.onClose.add(fn);
  }

  send(event: string, data: string): void {
    // Each line of the payload is its own data: line, as the format requires.
    this.write(`event: ${event}\ndata: ${data.split('\n').join('\ndata: ')}\n\n`);
  }

  private write(text: string): void {
    if (this.closed || this.res.destroyed) return;
    if (this.res.writableLength > MAX_BACKLOG_BYTES) {
      this.res.destroy(); // too slow to keep up: it reconnects and gets a fresh view
      return;
    }
    this.res.write(text);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
    for (const fn of this.onClose) fn();
    this.onClose.clear();
  }
}

/** The clients of one shared stream (the queue view): the same payload goes to all. */
export class SseHub {
  private readonly clients = new Set<SseClient>();

  add(client: SseClient): void {
    this.clients.add(client);
    client.whenClosed(() => this.clients.delete(client));
  }

  broadcast(event: string, data: string): void {
    for (const c of this.clients) c.send(event, data);
  }

  get size(): number {
    return this.clients.size;
  }

  closeAll(): void {
    for (const c of [...this.clients]) c.close();
  }
}
