/**
 * The dashboard's routes. Reads return the views (views.ts); actions are POSTs that call the same
 * queue functions as the CLI's commands (add, retry, remove, pause, resume, kill) and then tell the
 * change feed, since the server's own writes do not show up in its own connection's data_version.
 */
import { killBlock } from '../queue/kill.js';
import { pause, resume } from '../queue/pause.js';
import type { Queue } from '../workblock.js';
import { validateTag } from '../queue/validate.js';
import { UsageError } from '../errors.js';
import { parseBlockObject } from '../schema/block.js';
import type { ChangeFeed } from './change-feed.js';
import { BASE_HEADERS, HttpError, readJsonBody, send, sendJson } from './http-io.js';
import { streamLog } from './log-stream.js';
import { ASSETS } from './page/assets.js';
import { indexHtml } from './page/index-html.js';
import { Router, type RequestContext } from './router.js';
import { TOKEN_COOKIE, type Guard } from './security.js';
import { SseClient, type SseHub } from './sse.js';
import { blockDetail, graphView, queuedBlock } from './views.js';

export interface RouteDeps {
  queue: Queue;
  guard: Guard;
  feed: ChangeFeed;
  hub: SseHub;
  /** the latest board view as JSON text, computed once for every client */
  latestBoard(): Promise<string>;
  /** log streams, so close() can end them */
  streams: Set<SseClient>;
}

function blockId(ctx: RequestContext): number {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(404, 'no such block');
  return id;
}

function optionalTag(body: Record<string, unknown>): string | undefined {
  if (body.tag === undefined || body.tag === null || body.tag === '') return undefined;
  if (typeof body.tag !== 'string') throw new UsageError('"tag" must be a string');
  return validateTag(body.tag);
}

export function createRoutes(d: RouteDeps): Router {
  const q = d.queue;
  const action = (run: (ctx: RequestContext, body: Record<string, unknown>) => Promise<unknown>) => async (ctx: RequestContext) => {
    const body = await readJsonBody(ctx.req);
    const result = await run(ctx, body);
    d.feed.noteLocalWrite();
    sendJson(ctx.res, 200, result ?? { ok: true });
  };
  return new Router()
    .get('/', (ctx) => {
      const token = d.guard.tokenFromQuery(ctx.url);
      if (token !== null) {
        // Trade the token in the address for a cookie, and drop it from the address bar and history.
        ctx.res.writeHead(303, { ...BASE_HEADERS, location: '/', 'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` });
        return void ctx.res.end();
      }
      send(ctx.res, 200, 'text/html; charset=utf-8', indexHtml({ csrf: d.guard.csrf, dbLabel: q.path }));
    })
    .get('/favicon.ico', (ctx) => void ctx.res.writeHead(204).end())
    .get('/:asset', (ctx) => {
      const key = `/${ctx.params.asset}`;
      const asset = Object.hasOwn(ASSETS, key) ? ASSETS[key] : undefined;
      if (!asset) throw new HttpError(404, `no such page: /${ctx.params.asset}`);
      send(ctx.res, 200, asset.type, asset.body);
    })
    .get('/api/board', async (ctx) => send(ctx.res, 200, 'application/json; charset=utf-8', await d.latestBoard()))
    .get('/api/events', async (ctx) => {
      const client = new SseClient(ctx.res);
      d.hub.add(client);
      client.send('board', await d.latestBoard());
    })
    .get('/api/graph', async (ctx) => sendJson(ctx.res, 200, await graphView(q, ctx.url.searchParams.get('run'))))
    .get('/api/blocks/:id', async (ctx) => sendJson(ctx.res, 200, await blockDetail(q, blockId(ctx))))
    .get('/api/blocks/:id/log', async (ctx) => {
      const id = blockId(ctx);
      // The env's values are masked in the stream; they never leave the server.
      const env = (await queuedBlock(q, id))?.env ?? {};
      const client = new SseClient(ctx.res);
      d.streams.add(client);
      client.whenClosed(() => d.streams.delete(client));
      streamLog(client, q.dataDir, id, () => env);
    })
    .post('/api/pause', action(async (_ctx, body) => ({ paused: await pause(q.db, optionalTag(body)) })))
    .post('/api/resume', action(async (_ctx, body) => ({ paused: await resume(q.db, optionalTag(body)) })))
    .post('/api/blocks', action(async (_ctx, body) => {
      // The block contract of `add -` lines; a command runs where serve runs unless `cwd` says otherwise.
      const { ids } = await q.add(parseBlockObject(body, { cwd: q.cwd }));
      return { id: ids[0] };
    }))
    .post('/api/blocks/:id/retry', action(async (ctx) => q.retry([String(blockId(ctx))])))
    // As `workblock remove` (and `--cascade` with {"cascade": true}): a block others wait on is refused without it.
    .post('/api/blocks/:id/remove', action(async (ctx, body) => q.remove([String(blockId(ctx))], { cascade: body.cascade === true })))
    // As `workblock kill` (and `--requeue` with {"requeue": true}); answers once the executor has settled the block.
    .post('/api/blocks/:id/kill', action(async (ctx, body) => killBlock(q.db, blockId(ctx), { action: body.requeue === true ? 'requeue' : 'fail' })));
}
