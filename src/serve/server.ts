/**
 * `workblock serve`: the dashboard's HTTP server. It owns everything it starts (the change feed's
 * timer, the SSE clients, kill escalations) and close() ends them all. The board view is computed
 * once per change and the same text goes to every client, so 100 open tabs cost one query set.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { coerceError, RuntimeFailure, UsageError } from '../errors.js';
import { redactText } from '../format/redact.js';
import { sqliteCode } from '../db/sqlite-errors.js';
import type { Queue } from '../queue/queue.js';
import { SqliteDataVersionFeed, type ChangeFeed } from './change-feed.js';
import { HttpError, sendJson } from './http-io.js';
import { createRoutes } from './routes.js';
import { createGuard, isLoopback } from './security.js';
import { SseHub, type SseClient } from './sse.js';
import { boardView } from './views.js';

export interface ServeOptions {
  queue: Queue;
  host: string;
  port: number;
  /** null: no token (only allowed on loopback) */
  token: string | null;
  /** how often the change feed looks (ms) */
  pollMs?: number;
  /** diagnostics (stderr) */
  log(line: string): void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Clients time running blocks by the server's clock: each send carries it, without re-serialising the view. */
const stamped = (view: string) => `{"sent_ms":${Date.now()},${view.slice(1)}`;

/** Re-reads the board at most once at a time; changes during a read trigger one more read after it. */
function boardPublisher(queue: Queue, hub: SseHub, report: (e: unknown) => void) {
  let latest: Promise<string> | null = null;
  let reading = false;
  let again = false;
  let retryTimer: NodeJS.Timeout | undefined;
  const read = async (): Promise<string> => {
    const view = await boardView(queue);
    // A retry's not-before time passing changes no row: wake up then, so it moves to pending on screen.
    clearTimeout(retryTimer);
    const next = view.blocks.retry[0]?.run_at_ms;
    if (next) retryTimer = setTimeout(refresh, Math.min(60_000, Math.max(50, next - Date.now() + 20))).unref();
    return JSON.stringify(view);
  };
  const refresh = (): void => {
    if (reading) return void (again = true);
    reading = true;
    const p = read();
    p.then((text) => {
      latest = p;
      hub.broadcast('board', stamped(text));
    }, report).finally(() => {
      reading = false;
      if (again) {
        again = false;
        refresh();
      }
    });
  };
  return {
    refresh,
    /** The last view read, stamped with the time it is sent (the view may be older: nothing changed since). */
    latest: async () => {
      latest ??= read();
      try {
        return stamped(await latest);
      } catch (e) {
        latest = null; // a failed read is not kept: the next request reads again
        throw e;
      }
    },
    stop: () => clearTimeout(retryTimer),
  };
}

function errorStatus(e: unknown): { status: number; message: string } {
  if (e instanceof HttpError) return { status: e.status, message: e.message };
  if (e instanceof UsageError) return { status: 400, message: e.message };
  if (/^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e) ?? '')) return { status: 503, message: 'the database is busy: try again' };
  if (e instanceof RuntimeFailure) return { status: 409, message: e.message };
  return { status: 500, message: `internal error: ${coerceError(e).message}` };
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(opts.host) && !opts.token) throw new UsageError(`serving on ${opts.host} needs a token: pass --token or let serve generate one`);
  let port = opts.port;
  const report = (e: unknown) => opts.log(`workblock serve: ${redactText(coerceError(e).message)}`);
  const guard = createGuard({ bindHost: opts.host, port: () => port, token: opts.token });
  const feed: ChangeFeed = new SqliteDataVersionFeed(opts.queue.db, report, opts.pollMs);
  const hub = new SseHub();
  const streams = new Set<SseClient>();
  const closing = new AbortController();
  const board = boardPublisher(opts.queue, hub, report);
  feed.subscribe(board.refresh);
  const router = createRoutes({ queue: opts.queue, guard, feed, hub, latestBoard: board.latest, closing: closing.signal, streams, report });

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://workblock.invalid');
      const denied = guard.denied(req, url);
      if (denied) return sendJson(res, denied.status, { error: denied.message });
      const match = router.match(req.method ?? 'GET', url.pathname);
      if (!match) return sendJson(res, 404, { error: `no such page: ${url.pathname}` });
      if ('allowed' in match) {
        res.setHeader('allow', match.allowed.join(', '));
        return sendJson(res, 405, { error: `use ${match.allowed.join(' or ')} for ${url.pathname}` });
      }
      if (req.method === 'POST') {
        const why = guard.csrfDenied(req);
        if (why) return sendJson(res, 403, { error: why });
      }
      await match.handler({ req, res, url, params: match.params });
    } catch (e) {
      const { status, message } = errorStatus(e);
      if (status >= 500) report(e);
      if (!res.headersSent) sendJson(res, status, { error: redactText(message) });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new UsageError(`port ${opts.port} on ${opts.host} is in use: pick another with --port`) : e));
    server.listen(opts.port, opts.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const hostText = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostText}:${port}/`,
    port,
    async close() {
      closing.abort();
      feed.close();
      board.stop();
      hub.closeAll();
      for (const s of [...streams]) s.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
