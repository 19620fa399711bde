import { describe, expect, it } from 'vitest';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { cliInTerminal, hasScript } from '../helpers/pty.js';

const BOX = /[─│┌┐└┘├┤┬┴┼═║]/;
const LONG = 'a task whose text is far longer than any terminal column could hold without cutting it short somewhere';
const displayWidth = (line: string) => [...line].length; // the test text is ASCII plus the ellipsis

function queueWithLongText(): string {
  const cwd = tempDir();
  ok(['add', LONG, '--cmd', `echo ${'long command argument '.repeat(6)}`, '--tag', 'docs'], { cwd });
  for (let i = 2; i <= 10; i++) ok(['add', `block ${i}`], { cwd });
  return cwd;
}

describe('tables', () => {
  it('print one plain line per row into a pipe: a header, aligned columns, no borders, nothing cut', () => {
    const cwd = queueWithLongText();
    const lines = ok(['list'], { cwd }).trimEnd().split('\n');
    expect(lines[0]).toBe('Pending work blocks: 10');
    expect(lines[1]).toMatch(/^id\s+priority\s+task\s+command\s+tags\s+age$/);
    expect(lines).toHaveLength(12);
    expect(lines.join('\n')).not.toMatch(BOX);
    expect(lines[2]).toContain(LONG);
    expect(lines[11]).toMatch(/^10\s+0\s+block 10\s+\d+ seconds? ago$/);
    // Columns line up: every row's task starts where the header's does.
    const taskAt = lines[1].indexOf('task');
    for (const row of lines.slice(2)) expect(row.slice(taskAt)).toMatch(/^(a task|block)/);
  });

  it('fit a terminal of 80 columns, cutting the task and command with an ellipsis', () => {
    if (!hasScript()) return expect.fail('util-linux `script` is needed to run the CLI on a terminal');
    const cwd = queueWithLongText();
    ok(['add', 'fails', '--cmd', 'exit 3'], { cwd });
    const list = cliInTerminal(['list'], { cwd, columns: 80, env: { NO_COLOR: '1' } }).screen;
    expect(list).toMatch(/^ *1 +0 +a task whose.*… +echo long.*… +docs/m);
    expect(list.trimEnd().split('\n')).toHaveLength(13); // a title, a header, one line for each of 11 blocks: no separators
    for (const args of [['list'], ['list', '--all'], ['execute', '2', '--logger', 'none'], ['history']]) {
      const { screen } = cliInTerminal(args, { cwd, columns: 80, env: { NO_COLOR: '1' } });
      const lines = screen.trimEnd().split('\n');
      for (const line of lines) expect(displayWidth(line), `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(80);
      expect(screen).not.toMatch(BOX);
    }
    // A wider terminal shows the whole text.
    const wide = cliInTerminal(['history'], { cwd, columns: 200, env: { NO_COLOR: '1' } }).screen;
    expect(wide).toContain(LONG);
  });

  it('fit $COLUMNS into a pipe when it is set, and cut nothing when it is not', () => {
    const cwd = queueWithLongText();
    const fitted = ok(['list'], { cwd, env: { COLUMNS: '70' } }).trimEnd().split('\n');
    for (const line of fitted.slice(1)) expect(displayWidth(line), line).toBeLessThanOrEqual(70);
    expect(fitted[2]).toMatch(/^ *1 +0 +a task whose.*… /);
    expect(ok(['list'], { cwd, env: { COLUMNS: undefined } })).toContain(LONG);
  });

  it('--format tsv prints a header line and whole values, tab-separated, on list, history, show and status', () => {
    const cwd = tempDir();
    ok(['add', 'first\tblock\nwith two lines', '--tag', 'a', '--tag', 'b'], { cwd });
    ok(['add', 'second'], { cwd });
    const list = ok(['list', '--format', 'tsv'], { cwd }).trimEnd().split('\n');
    expect(list[0]).toBe('id\tpriority\ttask\tcommand\ttags\tcreated_at');
    expect(list[1]).toMatch(/^1\t0\tfirst\\tblock\\nwith two lines\t\ta,b\t\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(list).toHaveLength(3);
    ok(['execute', '1', '--logger', 'none'], { cwd });
    const history = ok(['history', '--format', 'tsv'], { cwd }).trimEnd().split('\n');
    expect(history[0]).toBe('id\ttask\toutcome\tduration_ms\tfinished_at');
    expect(history[1]).toMatch(/^1\tfirst\\tblock\\nwith two lines\tsuccess\t\d+\t\d{4}-/);
    const show = ok(['show', '2', '--format', 'tsv'], { cwd }).trimEnd().split('\n');
    expect(show[0]).toBe('field\tvalue');
    expect(show).toContain('task\tsecond');
    const status = ok(['status', '--format', 'tsv'], { cwd }).trimEnd().split('\n');
    expect(status[0]).toBe('name\tvalue');
    expect(status).toContain('pending\t1');
    expect(status).toContain('history_total\t1');
  });

  it('--format table|tsv|json on template list and schedule list too', () => {
    const cwd = tempDir();
    ok(['template', 'add', 'nightly', '--cmd', 'make nightly'], { cwd });
    ok(['schedule', 'add', 'hourly', '--every', '1h', '--cmd', `echo ${LONG}`], { cwd });
    const templates = ok(['template', 'list'], { cwd }).trimEnd().split('\n');
    expect(templates[0]).toMatch(/^name\s+command$/);
    expect(templates[1]).toMatch(/^nightly\s+make nightly$/);
    expect(templates[1].indexOf('make')).toBe(templates[0].indexOf('command'));
    expect(ok(['template', 'list', '--format', 'tsv'], { cwd })).toBe('name\tcommand\nnightly\tmake nightly\n');
    expect(JSON.parse(ok(['template', 'list', '--format', 'json'], { cwd }))).toEqual(JSON.parse(ok(['template', 'list', '--json'], { cwd })));
    const schedules = ok(['schedule', 'list'], { cwd }).trimEnd().split('\n');
    expect(schedules[0]).toMatch(/^name\s+recurrence\s+next\s+task$/);
    expect(schedules[1]).toMatch(/^hourly\s+every 1h\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+hourly$/);
    const tsv = ok(['schedule', 'list', '--format', 'tsv'], { cwd }).trimEnd().split('\n');
    expect(tsv[0]).toBe('name\trecurrence\tnext_at\ttask');
    expect(tsv[1]).toMatch(/^hourly\tevery 1h\t\d{4}-\d\d-\d\dT[\d:.]+Z\thourly$/);
    expect(JSON.parse(ok(['schedule', 'list', '--format', 'json'], { cwd }))[0]).toMatchObject({ name: 'hourly', every_ms: 3_600_000 });
    expect(cli(['schedule', 'list', '--json', '--format', 'tsv'], { cwd }).code).toBe(2);
    // On a terminal the table fits it.
    if (!hasScript()) return expect.fail('util-linux `script` is needed to run the CLI on a terminal');
    ok(['template', 'add', 'long', '--cmd', `echo ${LONG}`], { cwd });
    const screen = cliInTerminal(['template', 'list'], { cwd, columns: 60, env: { NO_COLOR: '1' } }).screen;
    for (const line of screen.trimEnd().split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    expect(screen).toMatch(/^long +echo a task.*…$/m);
  });

  it('--format json and tsv on status --run, as on the other listings', () => {
    const cwd = tempDir();
    const r = cli(['run', '--task', 'a:true', '--logger', 'none'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const runId = /^run ([0-9a-f]{8})\b/m.exec(r.stderr)![1];
    const json = JSON.parse(ok(['status', '--run', runId, '--format', 'json'], { cwd }));
    expect(json).toMatchObject({ run_id: runId, finished: { success: 1 } });
    expect(JSON.parse(ok(['status', '--run', runId, '--json'], { cwd }))).toEqual(json);
    const tsv = ok(['status', '--run', runId, '--format', 'tsv'], { cwd }).trimEnd().split('\n');
    expect(tsv[0]).toBe('name\tvalue');
    expect(tsv).toContain(`run_id\t${runId}`);
    expect(tsv).toContain('finished_success\t1');
  });

  it('--json is --format json, and the two disagreeing is bad input (exit 2)', () => {
    const cwd = tempDir();
    ok(['add', 'one'], { cwd });
    for (const command of ['list', 'history', 'status']) {
      expect(JSON.parse(ok([command, '--json'], { cwd }))).toEqual(JSON.parse(ok([command, '--format', 'json'], { cwd })));
    }
    expect(JSON.parse(ok(['show', '1', '--format', 'json'], { cwd }))).toMatchObject({ id: 1, task: 'one' });
    const r = cli(['list', '--json', '--format', 'tsv'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('workblock: --json and --format tsv disagree: keep one of them\n');
    expect(cli(['list', '--format', 'yaml'], { cwd }).code).toBe(2);
  });

  it('show prints each field on its own line with multi-line values whole and indented', () => {
    const cwd = tempDir();
    ok(['add', 'task', 'line one\nline two'], { cwd });
    const out = ok(['show', '1'], { cwd });
    const [first, second] = out.split('\n').slice(out.split('\n').findIndex((l) => l.startsWith('result ')));
    expect(first).toMatch(/^result +line one$/);
    expect(second).toBe(`${' '.repeat(first.indexOf('line one'))}line two`);
    expect(out).not.toMatch(BOX);
  });

  it('show prints durations in human units; tsv and json keep milliseconds', () => {
    const cwd = tempDir();
    ok(['add', 'slowish', '--cmd', 'sleep 0', '--timeout', '5m', '--retries', '1', '--retry-delay', '90s'], { cwd });
    const out = ok(['show', '1'], { cwd });
    expect(out).toMatch(/^timeout +5 min$/m);
    expect(out).toMatch(/^retry_delay +1 min 30 s$/m);
    expect(out).not.toMatch(/_ms|300000/);
    expect(ok(['show', '1', '--format', 'tsv'], { cwd })).toContain('timeout_ms\t300000\n');
    expect(JSON.parse(ok(['show', '1', '--json'], { cwd }))).toMatchObject({ timeout_ms: 300000, retry_delay_ms: 90000 });
    ok(['execute', '1', '--logger', 'none'], { cwd });
    expect(ok(['show', '1'], { cwd })).toMatch(/^duration +\d+ ms$/m);
  });
});

describe('config list', () => {
  it('prints a table like the other listings, TSV with --format tsv, JSON with --format json, and refuses a clash', () => {
    const cwd = tempDir();
    ok(['config', 'set', 'retries', '2'], { cwd });
    const table = ok(['config', 'list'], { cwd }).trimEnd().split('\n');
    expect(table[0]).toMatch(/^key +value +source$/);
    expect(table).toContainEqual(expect.stringMatching(/^retries +2 +set$/));
    expect(table).toContainEqual(expect.stringMatching(/^n +5 +default$/));
    expect(ok(['config', 'list', '--format', 'table'], { cwd })).toBe(table.join('\n') + '\n');
    const tsv = ok(['config', 'list', '--format', 'tsv'], { cwd }).trimEnd().split('\n');
    expect(tsv[0]).toBe('key\tvalue\tsource');
    expect(tsv).toContain('retries\t2\tset');
    expect(JSON.parse(ok(['config', 'list', '--format', 'json'], { cwd }))).toMatchObject({ retries: 2, n: 5 });
    expect(JSON.parse(ok(['config', 'list', '--json'], { cwd }))).toMatchObject({ retries: 2, n: 5 });
    const clash = cli(['config', 'list', '--json', '--format', 'tsv'], { cwd });
    expect(clash.code).toBe(2);
    expect(clash.stderr.trim().split('\n')).toHaveLength(1);
  });
});
