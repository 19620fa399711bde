/**
 * `workblock serve`: the dashboard's HTTP server. It owns everything it starts (the change feed's
 * timer, the board's reads, the SSE clients) and close() ends them all, after the actions under way.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { coerceError, UsageError } from '../errors.js';
import { redactText } from '../redact.js';
import type { Queue } from '../workblock.js';
import { SqliteDataVersionFeed, type ChangeFeed } from './change-feed.js';
import { sendJson } from './http-io.js';
import { errorStatus } from './error-status.js';
import { BoardPublisher } from './board-publisher.js';
import { createRoutes } from './routes.js';
import { createGuard, isLoopback } from './security.js';
import { SseHub, type SseClient } from './sse.js';

export interface ServeOptions {
  queue: Queue;
  host: string;
  port: number;
  /** null: no token (only allowed on loopback) */
  token: string | null;
  /** how often the SQLite change feed looks (ms); PostgreSQL is told by NOTIFY */
  pollMs?: number;
  /** diagnostics (stderr) */
  log(line: string): void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function startChangeFeed(queue: Queue, report: (e: unknown) => void, pollMs?: number): Promise<ChangeFeed> {
  if (queue.dialect === 'sqlite') return SqliteDataVersionFeed.start(queue.db, report, pollMs);
  const { PostgresNotifyFeed } = await import('./postgres-feed.js');
  return PostgresNotifyFeed.start(queue.db, report);
}

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  if (!isLoopback(opts.host) && !opts.token) throw new UsageError(`serving on ${opts.host} needs a token: pass --token or let serve generate one`);
  let port = opts.port;
  const report = (e: unknown) => opts.log(`workblock serve: ${redactText(coerceError(e).message)}`);
  const guard = createGuard({ bindHost: opts.host, port: () => port, token: opts.token });
  // Started (its baseline read, its LISTEN in place) before the board's first read and before listening.
  const feed = await startChangeFeed(opts.queue, report, opts.pollMs);
  const hub = new SseHub();
  const streams = new Set<SseClient>();
  /** actions under way (a kill waits for its block to settle): close() lets them finish */
  const actions = new Set<Promise<void>>();
  const board = new BoardPublisher(opts.queue, hub, report);
  feed.subscribe(board.refresh);
  const router = createRoutes({ queue: opts.queue, guard, feed, hub, latestBoard: () => board.current(), streams });

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
      const handled = Promise.resolve(match.handler({ req, res, url, params: match.params }));
      if (req.method === 'POST') {
        const done = handled.then(() => undefined, () => undefined); // only tracked here: its error is handled below
        actions.add(done);
        void done.finally(() => actions.delete(done));
      }
      await handled;
    } catch (e) {
      const { status, message } = errorStatus(e);
      if (status >= 500) report(e);
      if (!res.headersSent) sendJson(res, status, { error: redactText(message) });
      else res.destroy();
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new UsageError(`port ${opts.port} on ${opts.host} is in use: pick another with --port`) : e));
      server.listen(opts.port, opts.host, () => resolve());
    });
  } catch (e) {
    await feed.close(); // nothing may touch the database after the caller closes it
    await board.stop();
    throw e;
  }
  port = (server.address() as AddressInfo).port;
  const hostText = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostText}:${port}/`,
    port,
    async close() {
      await Promise.all(actions); // a queue write half done is worse than a second's wait
      await feed.close();
      await board.stop();
      hub.closeAll();
      for (const s of [...streams]) s.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
