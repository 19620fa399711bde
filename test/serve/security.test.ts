import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { csrfToken, openStream, post, request, startServe, type Served } from './serve-helpers.js';

let served: Served | null = null;
afterEach(async () => {
  await served?.stop();
  served = null;
});

describe('serve: who may talk to it', () => {
  it('binds 127.0.0.1 without a token, and refuses a Host header naming another site (DNS rebinding)', async () => {
    const cwd = tempDir();
    served = await startServe(cwd);
    expect(served.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await request(served.origin, '/api/board')).status).toBe(200);
    const rebound = await request(served.origin, '/api/board', { headers: { host: `evil.example:${served.port}` } });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('"counts"');
    const page = await request(served.origin, '/');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('on any other address generates a token, prints it once, and checks it on every request and stream', async () => {
    const cwd = tempDir();
    ok(['add', 'hello'], { cwd });
    // 127.0.0.2 reaches this machine only, yet is not one of the addresses served without a token.
    served = await startServe(cwd, ['--host', '127.0.0.2']);
    const token = new URL(served.printed).searchParams.get('token')!;
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(served.stderr().split(token).length - 1).toBe(1);
    const o = served.origin;
    for (const p of ['/', '/app.js', '/api/board', '/api/blocks/1', '/api/graph']) expect((await request(o, p)).status).toBe(401);
    for (const p of ['/api/events', '/api/blocks/1/log']) {
      const stream = await openStream(o, p);
      expect(stream.status, p).toBe(401);
      stream.close();
    }
    // Actions too: the token is checked before the CSRF header, and a refused action changes nothing.
    for (const p of ['/api/blocks', '/api/pause', '/api/blocks/1/remove', '/api/blocks/1/retry', '/api/blocks/1/kill']) {
      expect((await post(o, p, { task: 'no token' }, { 'x-csrf-token': 'x'.repeat(32) })).status, p).toBe(401);
    }
    expect(JSON.parse(ok(['list', '--json'], { cwd })).map((b: { id: number }) => b.id)).toEqual([1]);
    expect(JSON.parse(ok(['status', '--json'], { cwd })).paused.all).toBe(false);
    expect((await request(o, '/api/board', { headers: { authorization: 'Bearer wrong-token-of-the-same-size-xxxx' } })).status).toBe(401);
    expect((await request(o, '/api/board', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    // A first visit with ?token= trades it for an HttpOnly cookie and a clean address.
    const first = await request(o, `/?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']![0].split(';')[0];
    expect(first.headers['set-cookie']![0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await request(o, '/api/board', { headers: { cookie } })).status).toBe(200);
    const live = await openStream(o, '/api/events', { cookie });
    expect(live.status).toBe(200);
    await live.next((e) => e.event === 'board');
    live.close();
    // The token opens the page only: other paths do not take it from the query.
    expect((await request(o, `/api/board?token=${token}`)).status).toBe(401);
  });

  it('takes a given --token and prints the address without it', async () => {
    const cwd = tempDir();
    const token = 'a-token-chosen-by-the-user-0123';
    served = await startServe(cwd, ['--token', token]);
    expect(served.stderr()).not.toContain(token);
    expect((await request(served.origin, '/api/board')).status).toBe(401);
    expect((await request(served.origin, '/api/board', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('refuses actions without the CSRF header, from another origin, as GET, or not as JSON; the database is unchanged', async () => {
    const cwd = tempDir();
    served = await startServe(cwd);
    const o = served.origin;
    const csrf = await csrfToken(o);
    const pending = () => JSON.parse(ok(['list', '--json'], { cwd })).length;

    expect((await post(o, '/api/blocks', { task: 'no header' })).status).toBe(403);
    expect((await post(o, '/api/blocks', { task: 'wrong header' }, { 'x-csrf-token': 'x'.repeat(32) })).status).toBe(403);
    const cross = await post(o, '/api/blocks', { task: 'cross-site' }, { 'x-csrf-token': csrf, origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    expect(JSON.parse(cross.body).error).toMatch(/cross-origin/);
    expect((await request(o, '/api/blocks/1/remove')).status).toBe(405);
    const form = await request(o, '/api/blocks', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf }, body: 'task=x' });
    expect(form.status).toBe(415);
    expect(pending()).toBe(0);

    const added = await post(o, '/api/blocks', { task: 'through the dashboard', cmd: 'echo hi', tags: ['web'] }, { 'x-csrf-token': csrf, origin: o });
    expect(added.status).toBe(200);
    expect(JSON.parse(added.body)).toEqual({ id: 1 });
    const [block] = JSON.parse(ok(['list', '--json'], { cwd }));
    expect(block).toMatchObject({ id: 1, task: 'through the dashboard', command: 'echo hi', tags: ['web'] });
  });

  it('answers bad input with 400 and the same one-line message as the CLI, changing nothing', async () => {
    const cwd = tempDir();
    served = await startServe(cwd);
    const csrf = await csrfToken(served.origin);
    const bad = await post(served.origin, '/api/blocks', { task: 'x', tags: ['no spaces allowed'] }, { 'x-csrf-token': csrf });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/bad tag "no spaces allowed"/);
    const notRunning = await post(served.origin, '/api/blocks/99/kill', {}, { 'x-csrf-token': csrf });
    expect(notRunning.status).toBe(400);
    expect(JSON.parse(ok(['list', '--all', '--json'], { cwd }))).toEqual([]);
  });

  it('never reads outside the logs directory: ids are integers, and a symlinked log is refused', async () => {
    const cwd = tempDir();
    served = await startServe(cwd);
    const o = served.origin;
    for (const p of ['/api/blocks/..%2F..%2F..%2Fetc%2Fpasswd/log', '/api/blocks/1%2F..%2F..%2Fetc%2Fpasswd/log', '/api/blocks/-1/log', '/api/blocks/1.log/log', '/api/blocks/%2e%2e/log', '/../../etc/passwd', '/api/blocks/99999999999999999999/log', '/%E0%A4%A']) {
      const r = await request(o, p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('root:');
    }
    const logs = path.join(cwd, 'data', 'logs');
    fs.mkdirSync(logs, { recursive: true, mode: 0o700 });
    fs.symlinkSync('/etc/passwd', path.join(logs, '7.log'));
    const stream = await openStream(o, '/api/blocks/7/log');
    await stream.next((e) => e.event === 'problem');
    expect(stream.text()).not.toContain('root:');
    stream.close();
  });
});

describe('serve: bad flags', () => {
  it('rejects a bad port, a short token and a busy port with one line and exit 2', async () => {
    const cwd = tempDir();
    for (const [args, message] of [
      [['--port', '70000'], /bad --port "70000": use 0..65535/],
      [['--token', 'short'], /--token is too short/],
    ] as const) {
      const r = cli(['serve', ...args], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    served = await startServe(cwd);
    const busy = cli(['serve', '--port', String(served.port)], { cwd });
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/port \d+ on 127.0.0.1 is in use: pick another with --port/);
    expect(cli(['serve', '--help'], { cwd }).stdout).toMatch(/Examples:[\s\S]*serve --host 0.0.0.0/);
  });
});
