import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, ok, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { until } from '../helpers/processes.js';
import { csrfToken, openStream, post, request, startServe, type EventStream, type Served } from './serve-helpers.js';

let served: Served | null = null;
afterEach(async () => {
  await served?.stop();
  served = null;
});

type Board = { counts: Record<string, number>; blocks: Record<string, Array<{ id: number; task: string }>>; history: { recent: Array<{ id: number; outcome: string }> }; paused: { all: boolean; tags: string[] } };
const boards = (s: EventStream) => s.events.filter((e) => e.event === 'board').map((e) => JSON.parse(e.data) as Board);
const finished = (b: Board, id: number) => b.history.recent.some((h) => h.id === id);

describe('serve: live updates', () => {
  it('pushes a block added and finished from the CLI within a second', async () => {
    const cwd = tempDir();
    served = await startServe(cwd);
    const stream = await openStream(served.origin, '/api/events');
    await stream.next((e) => e.event === 'board');
    ok(['add', 'from the cli'], { cwd });
    let t0 = Date.now();
    await stream.next((e) => e.event === 'board' && (JSON.parse(e.data) as Board).blocks.pending.some((b) => b.task === 'from the cli'));
    const addSeen = Date.now() - t0;
    ok(['execute', '1', '--logger', 'none'], { cwd });
    t0 = Date.now();
    await stream.next((e) => e.event === 'board' && finished(JSON.parse(e.data), 1));
    const finishSeen = Date.now() - t0;
    console.log(`board pushed ${addSeen} ms after add exited, ${finishSeen} ms after execute exited`);
    expect(addSeen).toBeLessThan(1000);
    expect(finishSeen).toBeLessThan(1000);
    stream.close();
  });

  it('keeps serving after clients drop mid-stream, on the board stream and on a log stream', async () => {
    const cwd = tempDir();
    ok(['add', 'chatty', '--cmd', 'i=0; while [ $i -lt 200 ]; do echo "line $i"; i=$((i+1)); sleep 0.01; done'], { cwd });
    served = await startServe(cwd);
    const o = served.origin;
    const executor = waitExit(startCli(['execute', '1', '--logger', 'none'], { cwd }));
    const log = await openStream(o, '/api/blocks/1/log');
    await log.next((e) => e.event === 'out');
    log.close(); // gone mid-stream, while the command still writes
    // A raw socket that asks for the stream and then resets the connection without reading.
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((resolve) => {
        const sock = net.connect(served!.port, '127.0.0.1', () => {
          sock.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${served!.port}\r\n\r\n`);
          sock.once('data', () => {
            sock.resetAndDestroy();
            resolve();
          });
        });
      });
    }
    const stream = await openStream(o, '/api/events');
    await stream.next((e) => e.event === 'board' && finished(JSON.parse(e.data), 1), 30_000);
    stream.close();
    await executor;
    const again = await openStream(o, '/api/blocks/1/log');
    await again.next((e) => e.event === 'out' && e.data.includes('line 199'));
    again.close();
    expect((await request(o, '/api/board')).status).toBe(200);
    expect(served.child.exitCode).toBeNull();
    expect(served.stderr()).not.toMatch(/error/i);
  });

  it('serves 100 concurrent stream clients, each of which sees the next change', async () => {
    const cwd = tempDir();
    served = await startServe(cwd);
    const streams = await Promise.all(Array.from({ length: 100 }, () => openStream(served!.origin, '/api/events')));
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'board')));
    ok(['add', 'seen by all'], { cwd });
    const t0 = Date.now();
    await Promise.all(streams.map((s) => s.next((e) => e.event === 'board' && (JSON.parse(e.data) as Board).counts.pending === 1)));
    console.log(`100 clients all saw the add within ${Date.now() - t0} ms`);
    expect(streams.every((s) => s.status === 200)).toBe(true);
    // With the 100 streams still open, 100 more clients load the page and the board at once.
    const loads = await Promise.all(Array.from({ length: 100 }, (_, i) => request(served!.origin, i % 2 ? '/api/board' : '/')));
    expect(loads.map((r) => r.status)).toEqual(Array(100).fill(200));
    streams.forEach((s) => s.close());
    expect((await request(served.origin, '/api/board')).status).toBe(200);
  });

  it('acts through the queue: pause, resume, retry, remove, kill', async () => {
    const cwd = tempDir();
    ok(['add', 'fails', '--cmd', 'exit 3'], { cwd });
    ok(['add', 'after it', '--after', '1'], { cwd });
    ok(['add', 'to remove'], { cwd });
    expect(cli(['execute', '1', '--logger', 'none'], { cwd }).code).toBe(1);
    served = await startServe(cwd);
    const o = served.origin;
    const h = { 'x-csrf-token': await csrfToken(o) };
    const stream = await openStream(o, '/api/events');
    await stream.next((e) => e.event === 'board' && (JSON.parse(e.data) as Board).counts.failed === 1);
    expect(boards(stream).at(-1)!.counts.blocked).toBe(1);

    expect((await post(o, '/api/pause', { tag: 'deploy' }, h)).status).toBe(200);
    expect((await post(o, '/api/pause', {}, h)).status).toBe(200);
    await stream.next((e) => e.event === 'board' && (JSON.parse(e.data) as Board).paused.all);
    expect(JSON.parse(ok(['status', '--json'], { cwd })).paused).toEqual({ all: true, tags: ['deploy'] });
    expect(ok(['execute', '5', '--logger', 'none'], { cwd })).toMatch(/Executed 0\b/); // paused: nothing runs
    expect(JSON.parse((await post(o, '/api/resume', { tag: 'deploy' }, h)).body)).toEqual({ paused: { all: true, tags: [] } });
    expect(JSON.parse(ok(['status', '--json'], { cwd })).paused).toEqual({ all: true, tags: [] });
    expect((await post(o, '/api/resume', {}, h)).status).toBe(200);
    expect(JSON.parse(ok(['status', '--json'], { cwd })).paused).toEqual({ all: false, tags: [] });

    expect(JSON.parse((await post(o, '/api/blocks/1/retry', {}, h)).body)).toEqual({ retried: [1], released: [2] });
    const refused = await post(o, '/api/blocks/1/remove', {}, h); // block 2 waits on it
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error).toMatch(/--cascade/);
    expect(JSON.parse((await post(o, '/api/blocks/3/remove', {}, h)).body)).toEqual({ ids: [3], dependents: [] });
    const list = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
    expect(list.map((b: { id: number; status: string }) => [b.id, b.status])).toEqual([[1, 'pending'], [2, 'pending']]);

    ok(['add', 'long', '--cmd', 'sleep 60'], { cwd });
    expect(JSON.parse((await post(o, '/api/blocks/1/remove', { cascade: true }, h)).body)).toEqual({ ids: [1, 2], dependents: [2] });
    const executor = waitExit(startCli(['execute', '1', '--logger', 'none'], { cwd }));
    await stream.next((e) => e.event === 'board' && (JSON.parse(e.data) as Board).blocks.running.some((b) => b.id === 4));
    await until(() => {
      const rows = JSON.parse(ok(['list', '--all', '--json'], { cwd }));
      return rows.length === 1 && rows[0].status === 'running';
    });
    const kill = await post(o, '/api/blocks/4/kill', {}, h);
    expect(kill.status).toBe(200);
    expect(JSON.parse(kill.body)).toMatchObject({ id: 4, signal: 'SIGTERM' });
    expect((await executor).code).toBe(1);
    await stream.next((e) => e.event === 'board' && (JSON.parse(e.data) as Board).history.recent.some((r) => r.id === 4 && r.outcome === 'failed'));
    stream.close();
  });

  it('groups the queue by state: running with its start, pending, retry with its next run, failed, blocked with the reason', async () => {
    const cwd = tempDir();
    ok(['add', 'fails for good', '--name', 'base', '--cmd', 'exit 1'], { cwd });
    ok(['add', 'waits on it', '--after', 'base'], { cwd });
    expect(cli(['execute', '1', '--logger', 'none'], { cwd }).code).toBe(1);
    // An execute waits for the retries it scheduled: stop it while it waits, and the retry stays scheduled.
    ok(['add', 'fails, retries later', '--cmd', 'exit 1', '--retries', '2', '--retry-delay', '1h'], { cwd });
    const retrying = startCli(['execute', '1', '--logger', 'none'], { cwd });
    const retryingExit = waitExit(retrying);
    await until(() => JSON.parse(ok(['status', '--json'], { cwd })).counts.retry === 1);
    retrying.kill('SIGTERM');
    await retryingExit;
    ok(['add', 'runs long', '--cmd', 'sleep 60'], { cwd });
    ok(['add', 'plain pending', '--priority', 'low'], { cwd });
    ok(['pause', '--tag', 'never'], { cwd }); // a tag nobody uses: nothing changes but the flag
    served = await startServe(cwd);
    const executor = startCli(['execute', '1', '--logger', 'none'], { cwd });
    const exited = waitExit(executor);
    const stream = await openStream(served.origin, '/api/events');
    const ev = await stream.next((e) => e.event === 'board' && (JSON.parse(e.data) as Board).counts.running === 1);
    const board = JSON.parse(ev.data);
    expect(board.counts).toEqual({ running: 1, pending: 1, retry: 1, failed: 1, blocked: 1 });
    const [running] = board.blocks.running;
    expect(running).toMatchObject({ id: 4, task: 'runs long' });
    expect(board.sent_ms - Date.parse(running.started_at)).toBeGreaterThanOrEqual(0);
    expect(board.blocks.pending.map((b: { id: number }) => b.id)).toEqual([5]);
    const [retry] = board.blocks.retry;
    expect(retry).toMatchObject({ id: 3, status: 'retry', attempts: 1 });
    expect(Date.parse(retry.run_at) - board.sent_ms).toBeGreaterThan(60_000); // its next run, minutes away
    expect(board.blocks.failed[0]).toMatchObject({ id: 1, last_error: 'command exited with code 1' });
    expect(board.blocks.blocked[0]).toMatchObject({ id: 2, last_error: 'dependency #1 (base) failed' });
    expect(board.paused).toEqual({ all: false, tags: ['never'] });
    expect(board.history.total).toBe(1);
    stream.close();
    executor.kill('SIGTERM');
    await exited;
  });

  it('sums up history: success rate, average, and per-hour counts with average and p95 duration', async () => {
    const cwd = tempDir();
    ok(['add', 'quick', '--cmd', 'true'], { cwd });
    ok(['add', 'slow', '--cmd', 'sleep 0.4'], { cwd });
    ok(['add', 'fails', '--cmd', 'exit 1'], { cwd });
    expect(cli(['execute', '3', '--logger', 'none'], { cwd }).code).toBe(1);
    const durations = (JSON.parse(ok(['history', '--json'], { cwd })) as Array<{ duration_ms: number }>).map((e) => e.duration_ms);
    const mean = Math.round(durations.reduce((a, b) => a + b, 0) / durations.length);
    expect(Math.max(...durations)).toBeGreaterThanOrEqual(400);
    served = await startServe(cwd);
    const { history } = JSON.parse((await request(served.origin, '/api/board')).body);
    expect(history).toMatchObject({ total: 3, successful: 2, avg_ms: mean });
    expect(history.success_rate).toBeCloseTo(2 / 3, 6);
    expect(history.series).toHaveLength(24);
    // All three finished in the last hour: the newest bucket holds them, p95 of three is the slowest.
    expect(history.series.at(-1)).toMatchObject({ total: 3, successful: 2, avg_ms: mean, p95_ms: Math.max(...durations) });
    expect(history.series.slice(0, -1).every((b: { total: number }) => b.total === 0)).toBe(true);
  });

  it('lists the runs in the queue and draws a run as its dependency levels', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'nightly.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'nightly', commands: [{ name: 'build', command: 'exit 1' }, { name: 'test', command: 'true', depends_on: ['build'] }, { name: 'ship', command: 'true', depends_on: ['test'] }] }));
    expect(cli(['run', file, '--logger', 'none'], { cwd }).code).toBe(1);
    ok(['add', 'not in the run'], { cwd });
    served = await startServe(cwd);
    const board = JSON.parse((await request(served.origin, '/api/board')).body);
    expect(board.runs).toEqual([{ batch: expect.any(String), name: 'nightly', blocks: 3, running: 0, failed: 1 }]);
    const graph = JSON.parse((await request(served.origin, `/api/graph?run=${board.runs[0].batch}`)).body);
    expect(graph.nodes.map((n: { id: number; level: number; status: string }) => [n.id, n.level, n.status])).toEqual([[1, 0, 'failed'], [2, 1, 'blocked'], [3, 2, 'blocked']]);
    expect(graph.edges).toEqual([{ from: 1, to: 2 }, { from: 2, to: 3 }]);
    const whole = JSON.parse((await request(served.origin, '/api/graph')).body);
    expect(whole.nodes.map((n: { id: number }) => n.id)).toEqual([1, 2, 3, 4]);
  });

  it('stops on SIGTERM with streams open, exit 0', async () => {
    const cwd = tempDir();
    served = await startServe(cwd);
    const streams = await Promise.all([openStream(served.origin, '/api/events'), openStream(served.origin, '/api/blocks/1/log')]);
    await streams[0].next((e) => e.event === 'board');
    const t0 = Date.now();
    const r = await served.stop();
    served = null;
    expect(r).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('redacts secrets in the board, a block, and its streamed log', async () => {
    const cwd = tempDir();
    const secret = 'sup3r-s3cret-value';
    ok(['add', 'uses a secret', '--env', `API_TOKEN=${secret}`, '--cmd', 'echo "token is $API_TOKEN"; echo "see https://bob:hunter22@example.com/x?api_key=k3y-value&page=2"; sleep 60'], { cwd });
    served = await startServe(cwd);
    const o = served.origin;
    const executor = startCli(['execute', '1', '--logger', 'none'], { cwd });
    const exited = waitExit(executor);
    const log = await openStream(o, '/api/blocks/1/log');
    await log.next((e) => e.event === 'out' && e.data.includes('page=2'));
    const leaks = (text: string) => [secret, 'hunter22', 'k3y-value'].filter((s) => text.includes(s));
    expect(log.text()).toContain('token is ***');
    expect(leaks(log.text())).toEqual([]);
    expect(leaks((await request(o, '/api/board')).body)).toEqual([]);
    expect(leaks((await request(o, '/api/blocks/1')).body)).toEqual([]);
    expect(leaks((await request(o, '/api/graph')).body)).toEqual([]);
    log.close();
    executor.kill('SIGTERM');
    await exited;
    // Once the command ended, its log at rest holds no secret either, though the block's env is gone with it.
    const after = await openStream(o, '/api/blocks/1/log');
    await after.next((e) => e.event === 'out' && e.data.includes('--- attempt 1 failed'));
    expect(after.text()).toContain('token is ');
    expect(leaks(after.text())).toEqual([]);
    after.close();
  });
});
