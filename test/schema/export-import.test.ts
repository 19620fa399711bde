import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, cli, envFor, ok, ROOT, tempDir } from '../helpers/cli.js';
import { queryRows } from '../helpers/db.js';

/** An export without its time stamp, for comparing two of them. */
const body = (text: string) => text.split('\n').filter((l) => !l.includes('"exported_at"')).join('\n');
const lines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

/** A queue with every state: history (success and failed), failed, blocked, retrying and pending blocks. */
async function busyQueue(): Promise<string> {
  const cwd = tempDir('wb-exp-');
  fs.mkdirSync(path.join(cwd, 'sub'));
  ok(['add', 'build', 'r', 'i', 'n', '--name', 'build', '--tag', 'ci', '--priority', 'high', '--cmd', '--', 'touch', 'report;touch PWNED'], { cwd });
  ok(['add', 'test', '--name', 'test', '--tag', 'ci', '--after', 'build', '--cmd', 'echo "$PLAIN" > env.txt; exit 3', '--env', 'PLAIN=a b', '--timeout', '5m'], { cwd });
  ok(['add', 'deploy', '--after', 'test', '--cmd', 'true', '--cwd', 'sub', '--key', 'deploy-1'], { cwd });
  ok(['add', 'flaky', '--cmd', 'exit 1', '--retries', '3', '--retry-delay', '1h'], { cwd });
  ok(['add', 'later', '--priority', '-5', '--tag', 'x', '--tag', 'y'], { cwd });
  cli(['execute', '2', '--tag', 'ci', '--logger', 'none'], { cwd }); // build succeeds, test fails, deploy is blocked
  // A retry an hour away, as an execute leaves it (execute itself would wait for it).
  await queryRows(cwd, `update blocks set attempts = 1, run_at = ${Date.now() + 3_600_000}, last_error = 'command exited with code 1' where task = 'flaky'`);
  return cwd;
}

describe('export and import', () => {
  it('round-trips a queue with every state exactly, and the imported argv command stays an argv', async () => {
    const a = await busyQueue();
    const states = (JSON.parse(ok(['list', '--all', '--json'], { cwd: a })) as Array<{ task: string; status: string }>).map((b) => `${b.task}:${b.status}`).sort();
    expect(states).toEqual(['deploy:blocked', 'flaky:retry', 'later:pending', 'test:failed']);
    const first = ok(['export'], { cwd: a });
    const b = tempDir('wb-imp-');
    fs.writeFileSync(path.join(b, 'dump.ndjson'), first);
    const r = cli(['import', 'dump.ndjson'], { cwd: b });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('4\n');
    expect(r.stderr).toContain('imported 4 queued block(s) and 2 history entries');
    const second = ok(['export'], { cwd: b });
    expect(body(second)).toBe(body(first));
    // The exported fields the issue lists are all there.
    const test = lines(first).find((l) => l.task === 'test')!;
    expect(test).toMatchObject({ id: 2, status: 'failed', command: 'echo "$PLAIN" > env.txt; exit 3', env: { PLAIN: 'a b' }, timeout_ms: 300_000, attempts: 1, name: 'test' });
    const deploy = lines(first).find((l) => l.task === 'deploy')!;
    expect(deploy).toMatchObject({ status: 'blocked', depends_on: [2], key: 'deploy-1', cwd: fs.realpathSync(path.join(a, 'sub')) });
    const flaky = lines(first).find((l) => l.task === 'flaky')!;
    expect(flaky).toMatchObject({ status: 'retry', retries: 3, retry_delay_ms: 3_600_000, attempts: 1 });
    expect(typeof flaky.run_at).toBe('string');
    const build = lines(first).find((l) => l.task === 'build' && l.outcome === 'success')!;
    expect(build).toMatchObject({ command: ['touch', 'report;touch PWNED'], priority: 10, tags: ['ci'], result: 'r', name: 'build' });
    // Re-running the imported failure runs the same command, env and directory (A's) as the original.
    fs.rmSync(path.join(a, 'env.txt'));
    ok(['retry', '2'], { cwd: b });
    cli(['execute', '1', '--logger', 'none'], { cwd: b });
    expect(fs.readFileSync(path.join(a, 'env.txt'), 'utf8')).toBe('a b\n');
    expect(fs.existsSync(path.join(a, 'report;touch PWNED'))).toBe(true);
    expect(fs.existsSync(path.join(a, 'PWNED'))).toBe(false);
  });

  it('keeps ids when they are free and remaps them, with the dependencies on them, when they are taken', () => {
    const a = tempDir();
    ok(['add', 'first', '--name', 'first'], { cwd: a });
    ok(['add', 'second', '--after', 'first'], { cwd: a });
    fs.writeFileSync(path.join(a, 'q.json'), ok(['export', '--json'], { cwd: a }));
    const b = tempDir();
    ok(['add', 'already here'], { cwd: b });
    const r = cli(['import', path.join(a, 'q.json')], { cwd: b });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ids taken here got new ones: #1 -> #\d+/);
    const blocks = JSON.parse(ok(['list', '--json'], { cwd: b })) as Array<{ id: number; task: string; depends_on: number[] }>;
    const first = blocks.find((x) => x.task === 'first')!;
    const second = blocks.find((x) => x.task === 'second')!;
    expect(first.id).not.toBe(1);
    expect(second.id).toBe(2);
    expect(second.depends_on).toEqual([first.id]);
    expect(Number(ok(['add', 'next'], { cwd: b }))).toBeGreaterThan(first.id);
  });

  it('masks secret env values, refuses to import a masked value, and writes secrets only when asked (0600)', () => {
    const a = tempDir();
    ok(['add', 'push', '--cmd', 'true', '--env', 'GITHUB_TOKEN=ghp_supersecret123', '--env', 'MODE=fast'], { cwd: a });
    const masked = ok(['export'], { cwd: a });
    expect(masked).not.toContain('ghp_supersecret123');
    expect(lines(masked)[1]).toMatchObject({ env: { GITHUB_TOKEN: '***', MODE: 'fast' }, masked: ['env.GITHUB_TOKEN'] });
    const b = tempDir();
    fs.writeFileSync(path.join(b, 'masked.ndjson'), masked);
    const r = cli(['import', 'masked.ndjson'], { cwd: b });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('workblock: masked.ndjson line 2: env.GITHUB_TOKEN: the value was masked by `export`: re-export with --include-secrets, or set it after import');
    expect(ok(['list', '--all', '--count'], { cwd: b })).toBe('0\n');
    ok(['export', '--include-secrets', '-o', path.join(b, 'full.ndjson')], { cwd: a });
    expect(fs.statSync(path.join(b, 'full.ndjson')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(b, 'full.ndjson'), 'utf8')).toContain('ghp_supersecret123');
    expect(ok(['import', 'full.ndjson'], { cwd: b })).toBe('1\n');
    expect(ok(['list', '--json'], { cwd: b })).not.toContain('ghp_supersecret123'); // list still redacts
  });

  it('lists a masked secret in a pre-flight check as masked, so import refuses it instead of storing ***', () => {
    const a = tempDir();
    fs.writeFileSync(path.join(a, 'b.json'), JSON.stringify({ commands: [{ name: 'probe', command: 'exit 1', check: 'curl -fs https://bob:hunter2hunter2@example.com/health' }] }));
    cli(['run', 'b.json', '--logger', 'none'], { cwd: a }); // the check fails: the block stays queued, failed
    const masked = ok(['export'], { cwd: a });
    expect(masked).not.toContain('hunter2hunter2');
    expect(lines(masked)[1]).toMatchObject({ check: 'curl -fs https://***@example.com/health', masked: ['check'] });
    const b = tempDir();
    fs.writeFileSync(path.join(b, 'masked.ndjson'), masked);
    const r = cli(['import', 'masked.ndjson'], { cwd: b });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('workblock: masked.ndjson line 2: check: the value was masked by `export`: re-export with --include-secrets, or set it after import');
    expect(ok(['list', '--all', '--count'], { cwd: b })).toBe('0\n');
    fs.writeFileSync(path.join(b, 'full.ndjson'), ok(['export', '--include-secrets'], { cwd: a }));
    expect(ok(['import', 'full.ndjson'], { cwd: b })).toBe('1\n');
    expect(body(ok(['export', '--include-secrets'], { cwd: b }))).toBe(body(ok(['export', '--include-secrets'], { cwd: a })));
  });

  it('imports the same export or legacy file twice and adds nothing the second time, saying so', () => {
    const a = tempDir();
    ok(['add', 'one'], { cwd: a });
    fs.writeFileSync(path.join(a, 'q.ndjson'), ok(['export'], { cwd: a }));
    const legacy = { tasks: [{ task: 'old', result: '', insight: '', next_step: '', status: 'pending', added: '2025-06-01T08:00:00Z' }, { task: 'done', status: 'complete', added: '2025-06-01T07:00:00Z', completed: '2025-06-01T07:30:00Z' }] };
    fs.writeFileSync(path.join(a, 'batch-tasks.json'), JSON.stringify(legacy));
    const b = tempDir();
    for (const file of ['q.ndjson', 'batch-tasks.json']) {
      expect(ok(['import', path.join(a, file)], { cwd: b })).toBe('1\n');
      const again = cli(['import', path.join(a, file)], { cwd: b });
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('0\n');
      expect(again.stderr).toMatch(/^nothing new: all \d entries were imported before/);
    }
    const queued = JSON.parse(ok(['list', '--json'], { cwd: b })) as Array<{ task: string; created_at: string }>;
    expect(queued.map((q) => q.task).sort()).toEqual(['old', 'one']);
    expect(queued.find((q) => q.task === 'old')!.created_at).toBe('2025-06-01T08:00:00.000Z'); // the legacy `added` time
    expect(JSON.parse(ok(['history', '--json'], { cwd: b }))).toHaveLength(1);
  });

  it('imports a one-block NDJSON export and NDJSON lines with cmd, argv, after, retries, env and cwd', () => {
    const a = tempDir();
    ok(['add', 'solo', '--cmd', 'true'], { cwd: a });
    const b = tempDir();
    fs.writeFileSync(path.join(b, 'one.ndjson'), ok(['export'], { cwd: a }));
    expect(ok(['import', 'one.ndjson'], { cwd: b })).toBe('1\n');
    fs.mkdirSync(path.join(b, 'work'));
    const input = [
      { task: 'build', name: 'build', cmd: 'echo BUILT > built' },
      { task: 't', command: ['touch', 'x'], after: ['build'], retries: 2, env: { A: '1' }, cwd: 'work', timeout: '10s' },
    ];
    fs.writeFileSync(path.join(b, 'lines.ndjson'), input.map((o) => JSON.stringify(o)).join('\n'));
    expect(ok(['import', 'lines.ndjson'], { cwd: b })).toBe('2\n');
    const t = (JSON.parse(ok(['list', '--all', '--json'], { cwd: b })) as Array<Record<string, unknown>>).find((x) => x.task === 't')!;
    expect(t).toMatchObject({ command: ['touch', 'x'], retries: 2, env: { A: '1' }, cwd: fs.realpathSync(path.join(b, 'work')), timeout_ms: 10_000 });
    expect((t.depends_on as number[]).length).toBe(1);
    ok(['execute', '3', '--logger', 'none'], { cwd: b });
    expect(fs.readFileSync(path.join(b, 'built'), 'utf8')).toBe('BUILT\n');
    expect(fs.existsSync(path.join(b, 'work', 'x'))).toBe(true);
  });

  it('makes a redirected --include-secrets export 0600, reads - as stdin, and imports a running block as pending', async () => {
    const a = tempDir();
    ok(['add', 'deploy', '--cmd', 'true', '--env', 'DB_PASSWORD=hunter2hunter2'], { cwd: a });
    await queryRows(a, `update blocks set status = 'running', started_at = ${Date.now()} where id = 1`);
    const file = path.join(a, 'full.ndjson');
    const fd = fs.openSync(file, 'w', 0o644);
    const r = spawnSync(process.execPath, [BIN, 'export', '--include-secrets'], { cwd: a, env: envFor({ cwd: a }), stdio: ['ignore', fd, 'pipe'] });
    fs.closeSync(fd);
    expect(r.status, String(r.stderr)).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const b = tempDir();
    expect(ok(['import', '-'], { cwd: b, input: fs.readFileSync(file, 'utf8') })).toBe('1\n');
    expect(JSON.parse(ok(['list', '--all', '--json'], { cwd: b }))[0]).toMatchObject({ task: 'deploy', status: 'pending' });
  });

  it('ships the JSON Schema that `workblock schema` prints', () => {
    const cwd = tempDir();
    const printed = ok(['schema'], { cwd });
    expect(fs.readFileSync(path.join(ROOT, 'schema', 'workblock.schema.json'), 'utf8')).toBe(printed);
    const schema = JSON.parse(printed);
    expect(Object.keys(schema.$defs.batchCommand.properties)).toEqual(expect.arrayContaining(['name', 'command', 'depends_on', 'priority', 'check', 'memory_limit']));
    expect(schema.$defs.block.additionalProperties).toBe(false);
    expect(schema.$defs.phase.properties.mode.enum).toEqual(['parallel', 'sequential', 'priority']);
  });
});
