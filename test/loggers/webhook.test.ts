import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoggers } from '../../src/loggers/registry.js';
import { createWebhookLogger } from '../../src/loggers/webhook.js';
import { LOG_RECORD_KEYS } from '../helpers/log-record-keys.js';
import { sampleBlock, sampleContext, sampleOutcome } from '../helpers/sample-block.js';
import { startReceiver, type Receiver, type Received } from '../helpers/receiver.js';

let receiver: Receiver;
let base = '';
let received: Received[] = [];

beforeAll(async () => {
  // /ok accepts, /slow never answers in time, anything else fails with 500.
  receiver = await startReceiver(({ url }, res, address) => {
    if (url.startsWith('/slow')) return void setTimeout(() => res.end('late'), 2_000);
    // /moved-301 and /moved-302 redirect to /ok, which would accept a (re-sent) request.
    const moved = /^\/moved-(\d{3})/.exec(url);
    if (moved) {
      res.writeHead(Number(moved[1]), { location: `http://admin:hunter2@${address}/ok?token=abc123&team=ops` });
      return void res.end();
    }
    res.statusCode = url.startsWith('/ok') ? 200 : 500;
    res.end(res.statusCode === 200 ? 'thanks' : 'boom');
  });
  base = receiver.address;
  received = receiver.received;
});

afterAll(() => receiver.close());

function lastRequest(): Received {
  return received[received.length - 1];
}

describe('webhook logger', () => {
  it('POSTs the JSON record with an Idempotency-Key header and accepts a 200', async () => {
    const [logger] = await createLoggers([`webhook:http://${base}/ok`], { cwd: '/', dataDir: '/' });
    await logger.log(sampleBlock(), sampleOutcome(), sampleContext('block-7-attempt-1'));
    const request = lastRequest();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/ok');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('block-7-attempt-1');
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.parse(request.body)).toMatchObject({ idempotency_key: 'block-7-attempt-1', id: 7, task: 'Write the loggers', outcome: 'success' });
    // The one record of the JSON vocabulary (the jsonl line's), nothing beside it: every key the shipped schema's logRecord has, and only those.
    expect(Object.keys(JSON.parse(request.body)).sort()).toEqual(LOG_RECORD_KEYS);
  });

  it('rejects a 500 answer naming the status', async () => {
    const logger = createWebhookLogger(`http://${base}/fail`);
    await expect(logger.log(sampleBlock(), sampleOutcome(), sampleContext())).rejects.toThrow(`webhook http://${base}/fail answered 500`);
  });

  it('never shows the password or token of the URL, and sends the credentials as Basic auth', async () => {
    const logger = createWebhookLogger(`http://user:s3cret@${base}/x?token=abc&team=core`);
    const error = await logger.log(sampleBlock(), sampleOutcome(), sampleContext()).then(() => null, (err: Error) => err);
    expect(error?.message).toBe(`webhook http://***@${base}/x?token=***&team=core answered 500`);
    expect(error?.message).not.toMatch(/s3cret|abc|user/);
    expect(logger.name).not.toMatch(/s3cret|abc/);
    const request = lastRequest();
    expect(request.url).toBe('/x?token=abc&team=core');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('user:s3cret').toString('base64')}`);
  });

  it('rejects when nothing is listening, without leaking the URL secrets', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const logger = createWebhookLogger(`http://user:s3cret@127.0.0.1:${port}/x?token=abc`);
    const error = await logger.log(sampleBlock(), sampleOutcome(), sampleContext()).then(() => null, (err: Error) => err);
    expect(error?.message).toMatch(/^webhook http:\/\/\*\*\*@127\.0\.0\.1:\d+\/x\?token=\*\*\* failed: fetch failed: .*ECONNREFUSED/);
    expect(error?.message).not.toMatch(/s3cret|abc/);
  });

  for (const status of [301, 302]) {
    it(`refuses a ${status} redirect instead of following it, naming the redacted Location`, async () => {
      const logger = createWebhookLogger(`http://${base}/moved-${status}`);
      const before = received.length;
      const error = await logger.log(sampleBlock(), sampleOutcome(), sampleContext()).then(() => null, (err: Error) => err);
      expect(error?.message).toBe(
        `webhook http://${base}/moved-${status} answered ${status} (a redirect to http://***@${base}/ok?token=***&team=ops); redirects are not followed: update the webhook URL`,
      );
      expect(received.slice(before).map((r) => r.url)).toEqual([`/moved-${status}`]);
    });
  }

  it('takes its timeout from WORKBLOCK_LOGGER_TIMEOUT_MS, like every logger that can hang', async () => {
    process.env.WORKBLOCK_LOGGER_TIMEOUT_MS = '200';
    try {
      const [logger] = await createLoggers([`webhook:http://${base}/slow`], { cwd: '/', dataDir: '/' });
      // /slow answers 200 after 2 s: only the configured timeout (not the 10 s default) refuses it.
      await expect(logger.log(sampleBlock(), sampleOutcome(), sampleContext())).rejects.toThrow(`webhook http://${base}/slow failed: no answer within 200 ms`);
    } finally {
      delete process.env.WORKBLOCK_LOGGER_TIMEOUT_MS;
    }
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const logger = createWebhookLogger(`http://${base}/slow`, { timeoutMs: 200 });
    await expect(logger.log(sampleBlock(), sampleOutcome(), sampleContext())).rejects.toThrow(`webhook http://${base}/slow failed: no answer within 200 ms`);
  });
});
