import fs from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, ok, ROOT, startCli, tempDir, waitExit } from '../helpers/cli.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { until } from '../helpers/processes.js';

const CAPTURE = path.join(ROOT, 'test', 'fixtures', 'notify-capture.mjs');
const DISCORD_TOKEN = 'dIsCoRdSeCrEtToKeN-123';
const SLACK_TOKEN = 'SlAcKsEcReTtOkEn456';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

let receiver: Receiver;
let base = '';

beforeAll(async () => {
  // Paths starting with /fail answer 500, /moved answers a redirect; everything else 204.
  receiver = await startReceiver(({ url }, res) => {
    if (url.startsWith('/moved')) {
      res.writeHead(302, { location: '/elsewhere' });
      return void res.end();
    }
    res.statusCode = url.startsWith('/fail') ? 500 : 204;
    res.end();
  });
  base = `http://${receiver.address}`;
});

afterAll(() => receiver.close());

beforeEach(() => {
  receiver.received.length = 0;
});

/** What arrived so far, bodies parsed (every notification is JSON). */
function received(): Received[] {
  return receiver.received.map((r) => ({ url: r.url, headers: r.headers, body: JSON.parse(r.body) as Record<string, unknown> }));
}

/** The CLI runs as a child without blocking this process, so the receiver can answer. */
async function run(args: string[], cwd: string) {
  return waitExit(startCli(args, { cwd }));
}

function byPath(prefix: string): Received[] {
  return received().filter((r) => r.url.startsWith(prefix));
}

describe('notifications', () => {
  it('sends one summary per execute to every target, in each target’s shape, and never shows a token', async () => {
    const cwd = tempDir();
    ok(['add', 'fine', '--cmd', 'true'], { cwd });
    ok(['add', 'broken', '--name', 'build', '--cmd', 'echo "no rule for target" >&2; exit 3'], { cwd });
    ok(['add', 'also fine', '--cmd', 'true'], { cwd });
    const captured = path.join(cwd, 'exec.jsonl');
    const discord = `${base}/api/webhooks/42/${DISCORD_TOKEN}`;
    const slack = `${base}/services/T01/B02/${SLACK_TOKEN}`;
    const r = await run(['execute', '5', '--logger', 'none', '--notify', `webhook:${base}/hook`, '--notify', `discord:${discord}`, '--notify', `slack:${slack}`, '--notify', `exec:${process.execPath} ${CAPTURE} ${captured} '$(touch pwned); touch pwned2'`], cwd);
    expect(r.code).toBe(1); // the block failed; the notifications did not
    // exec: splits its text into argv and runs the program without a shell.
    expect(fs.existsSync(path.join(cwd, 'pwned')) || fs.existsSync(path.join(cwd, 'pwned2'))).toBe(false);
    expect(r.stderr).not.toContain('notification');

    const [hook] = byPath('/hook');
    expect(byPath('/hook')).toHaveLength(1);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(hook.body).toMatchObject({ type: 'workblock.summary', event: 'execute', run_id: null, run_name: null, success: false, interrupted_by: null, executed: 3, successful: 2, failed: 1, blocked: 0, not_run: 0 });
    expect(typeof hook.body.duration_ms).toBe('number');
    expect(Number.isNaN(Date.parse(hook.body.finished_at as string))).toBe(false);
    expect(hook.body.failed_blocks).toEqual([{ id: 2, name: 'build', task: 'broken', status: 'failed', exit_code: 3, error: expect.stringContaining('no rule for target') }]);

    const [d] = byPath('/api/webhooks/42/');
    expect(byPath('/api/webhooks/')).toHaveLength(1);
    expect(d.body.content).toMatch(/^workblock execute failed: 3 executed, 2 succeeded, 1 failed in /);
    expect(d.body.allowed_mentions).toEqual({ parse: [] });
    const [embed] = d.body.embeds as Array<Record<string, unknown>>;
    expect(embed).toMatchObject({ title: 'workblock execute', color: 0xe74c3c });
    const fields = embed.fields as Array<{ name: string; value: string }>;
    expect(fields.map((f) => f.name)).toEqual(['Executed', 'Succeeded', 'Failed', 'Duration', 'Failed blocks']);
    expect(fields.slice(0, 3).map((f) => f.value)).toEqual(['3', '2', '1']);
    expect(fields[4].value).toMatch(/^#2 build: failed \(.*no rule for target.*\)$/);
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);

    const [s] = byPath('/services/');
    expect(byPath('/services/')).toHaveLength(1);
    expect(s.body.text).toMatch(/^workblock execute failed: 3 executed/);
    const blocks = s.body.blocks as Array<Record<string, any>>;
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section']);
    expect(blocks[0].text).toMatchObject({ type: 'plain_text' });
    expect(blocks[2].fields.map((f: { text: string }) => f.text)).toEqual(['*Executed*\n3', '*Succeeded*\n2', '*Failed*\n1', expect.stringMatching(/^\*Duration\*\n/)]);
    expect(blocks[3].text.text).toMatch(/^\*Failed blocks\*\n#2 build: failed/);

    const lines = fs.readFileSync(captured, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual(hook.body);

    for (const text of [r.stdout, r.stderr, ok(['history', '--json'], { cwd })]) {
      expect(text).not.toContain(DISCORD_TOKEN);
      expect(text).not.toContain(SLACK_TOKEN);
    }
  });

  it('sends on=failure only when something failed and on=completion only when all succeeded', async () => {
    const cwd = tempDir();
    ok(['add', 'fine', '--cmd', 'true'], { cwd });
    const r = await run(['execute', '--logger', 'none', '--notify', `webhook:${base}/on-failure,on=failure`, '--notify', `webhook:${base}/on-completion,on=completion`], cwd);
    expect(r.code).toBe(0);
    expect(received().map((x) => x.url)).toEqual(['/on-completion']);
    expect(received()[0].body).toMatchObject({ success: true, failed_blocks: [] });

    receiver.received.length = 0;
    ok(['add', 'broken', '--cmd', 'exit 1'], { cwd });
    expect((await run(['execute', '--logger', 'none', '--notify', `webhook:${base}/on-failure,on=failure`, '--notify', `webhook:${base}/on-completion,on=completion`], cwd)).code).toBe(1);
    expect(received().map((x) => x.url)).toEqual(['/on-failure']);
  });

  it('sends nothing when execute found nothing to run', async () => {
    const cwd = tempDir();
    const r = await run(['execute', '--logger', 'none', '--notify', `webhook:${base}/idle`], cwd);
    expect(r.code).toBe(0);
    expect(received()).toHaveLength(0);
  });

  it('reports a failed notification on stderr with exit 1, and keeps the completed blocks', async () => {
    const cwd = tempDir();
    ok(['add', 'fine', '--cmd', 'true'], { cwd });
    const secret = `${base}/fail/api/webhooks/9/${DISCORD_TOKEN}`;
    const r = await run(['execute', '--logger', 'none', '--notify', `discord:${secret}`, '--notify', `exec:${process.execPath} ${CAPTURE} ${path.join(cwd, 'x.jsonl')} refuse`, '--notify', `webhook:${base}/moved`], cwd);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('notification'));
    expect(lines).toHaveLength(3);
    expect(r.stderr).toContain('answered 500');
    expect(r.stderr).toContain('/api/webhooks/9/***');
    expect(r.stderr).toContain('exit 4: notify-capture: refused on purpose');
    expect(r.stderr).toContain('answered 302: redirects are not followed');
    expect(r.stderr).not.toContain(DISCORD_TOKEN);
    expect(received().filter((x) => x.url === '/elsewhere')).toHaveLength(0);
    expect(ok(['list', '--count'], { cwd })).toBe('0\n');
    expect(JSON.parse(ok(['history', '--json'], { cwd }))).toHaveLength(1);
  });

  it('uses the configured default and shows it redacted', async () => {
    const cwd = tempDir();
    ok(['config', 'set', 'notify', `slack:${base}/services/T1/B2/${SLACK_TOKEN}`], { cwd });
    const shown = ok(['config', 'list'], { cwd }) + ok(['config', 'get', 'notify'], { cwd });
    expect(shown).toContain('/services/T1/B2/***');
    expect(shown).not.toContain(SLACK_TOKEN);
    ok(['add', 'fine', '--cmd', 'true'], { cwd });
    expect((await run(['execute', '--logger', 'none'], cwd)).code).toBe(0);
    expect(byPath('/services/T1/B2/')).toHaveLength(1);
  });

  it('names a run by the file’s "name" key when it has one', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'b.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'deploy', commands: [{ name: 'a', command: 'true' }] }));
    expect((await run(['run', file, '--logger', 'none', '--notify', `discord:${base}/api/webhooks/1/${DISCORD_TOKEN}`], cwd)).code).toBe(0);
    expect(received()).toHaveLength(1);
    const embed = (received()[0].body.embeds as Array<Record<string, unknown>>)[0];
    expect(embed.title).toBe('deploy');
    expect(received()[0].body.content).toMatch(/^workblock run "deploy" succeeded: 1 executed, 1 succeeded, 0 failed in /);
  });

  it('sends one notification for a whole batch run, named after its file', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'nightly.json');
    fs.writeFileSync(file, JSON.stringify({ commands: [{ name: 'a', command: 'true' }, { name: 'b', command: 'exit 2', depends_on: ['a'] }, { name: 'c', command: 'true', depends_on: ['b'] }] }));
    const r = await run(['run', file, '--logger', 'none', '--notify', `webhook:${base}/run`], cwd);
    expect(r.code).toBe(1);
    expect(received()).toHaveLength(1);
    // Seed 000's keys count what ran; a dependent that never ran is counted apart (issue 12).
    expect(received()[0].body).toMatchObject({ event: 'run', run_name: 'nightly.json', executed: 2, successful: 1, failed: 1, blocked: 1, not_run: 0 });
    expect(received()[0].body.run_id).toMatch(/^[0-9a-f]{8}$/); // the id `run` prints
    expect(r.stderr).toContain(`run ${received()[0].body.run_id}:`);
    expect((received()[0].body.failed_blocks as Array<{ task: string; status: string }>).map((b) => [b.task, b.status])).toEqual([['b', 'failed'], ['c', 'blocked']]);
  });

  it('sends on=failure when Ctrl-C interrupts a run, even one whose only command was still running', async () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'slow.json');
    fs.writeFileSync(file, JSON.stringify({ commands: [{ name: 'slow', command: 'touch started; sleep 30' }] }));
    const child = startCli(['run', file, '--logger', 'none', '--notify', `webhook:${base}/interrupted,on=failure`, '--notify', `webhook:${base}/done,on=completion`], { cwd });
    const exit = waitExit(child);
    await until(() => fs.existsSync(path.join(cwd, 'started')), 30_000);
    child.kill('SIGINT');
    const r = await exit;
    expect(r.code).toBe(130);
    expect(received().map((x) => x.url)).toEqual(['/interrupted']);
    expect(received()[0].body).toMatchObject({ event: 'run', run_name: 'slow.json', success: false, interrupted_by: 'SIGINT' });
  });

  it('rejects a bad spec with exit 2 before touching the database', () => {
    const cwd = tempDir();
    ok(['add', 'fine', '--cmd', 'true'], { cwd });
    const withToken = [`discord:ftp://h/api/webhooks/1/${DISCORD_TOKEN}`, `slack:${base}/services/T/B/${SLACK_TOKEN},on=sometimes`, `discord:http://bad host/api/webhooks/1/${DISCORD_TOKEN}`, `pager:${base}/services/T/B/${SLACK_TOKEN}`];
    for (const spec of ['pager:x', `webhook:${base}/x,on=sometimes`, 'discord:not a url', 'exec:', ...withToken]) {
      const r = cli(['execute', '--notify', spec], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain(DISCORD_TOKEN);
      expect(r.stderr).not.toContain(SLACK_TOKEN);
    }
    expect(cli(['config', 'set', 'notify', 'pager:x'], { cwd }).code).toBe(2);
    for (const spec of withToken) expect(cli(['config', 'set', 'notify', spec], { cwd }).stderr).not.toMatch(new RegExp(`${DISCORD_TOKEN}|${SLACK_TOKEN}`));
    expect(ok(['list', '--count'], { cwd })).toBe('1\n');
  });
});
