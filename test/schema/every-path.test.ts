/**
 * One table of block fields, run through every input path (flags, an `add -` line, an import file,
 * a batch file, a library call): each path must give the same verdict, and a refusal must name the
 * same field and problem, exit 2 and leave the database as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openQueue } from 'workblock';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { locationOf } from '../helpers/db.js';

type Fields = Record<string, unknown>;
interface Case {
  what: string;
  /** the fields as JSON (snake_case), for lines, import files and batch files */
  json: Fields;
  /** the same as `add` flags (after the task); absent: no flag can say it (a NUL cannot be in an argument) */
  flags?: string[];
  /** the same for the library (camelCase NewBlock fields); absent: derived from json */
  library?: Fields;
  /** null: accepted; else the field (as JSON names it) and the problem every path must report */
  refusal: null | { field: string; problem: RegExp };
  /** what an accepted block stores (list --json), the same through every path */
  stored?: Fields;
  /** false: batch files have no such field */
  batch?: boolean;
}

const DAY = 86_400_000;
const cases: Case[] = [
  { what: 'retries -5', json: { retries: -5 }, flags: ['--retries', '-5'], library: { maxRetries: -5 }, refusal: { field: 'retries', problem: /is not a retry count: use a whole number from 0 to 100/ } },
  { what: 'retries 1000000', json: { retries: 1_000_000 }, flags: ['--retries', '1000000'], library: { maxRetries: 1_000_000 }, refusal: { field: 'retries', problem: /is not a retry count/ } },
  { what: 'retries "abc"', json: { retries: 'abc' }, flags: ['--retries', 'abc'], library: { maxRetries: 'abc' }, refusal: { field: 'retries', problem: /"abc" is not a retry count/ } },
  { what: 'library maxRetries -1', json: { retries: -1 }, flags: ['--retries', '-1'], library: { maxRetries: -1 }, refusal: { field: 'retries', problem: /is not a retry count/ } },
  { what: 'retries 100', json: { command: 'true', retries: 100 }, flags: ['--cmd', 'true', '--retries', '100'], library: { command: { shell: 'true' }, maxRetries: 100 }, refusal: null, stored: { retries: 100 } },
  { what: 'an env name with a space', json: { command: 'true', env: { 'A B': 'x' } }, flags: ['--cmd', 'true', '--env', 'A B=x'], refusal: { field: 'env', problem: /bad variable name "A B"/ } },
  { what: 'a NUL in an env value', json: { command: 'true', env: { A: 'x\u0000y' } }, refusal: { field: 'env', problem: /contains a NUL byte/ } }, // no flag: a process argument cannot hold a NUL
  { what: 'a dependency listed twice', json: { after: [1, 1] }, flags: ['--after', '1', '--after', '1'], refusal: { field: 'after', problem: /"1" is listed twice: list each dependency once/ }, batch: false },
  { what: 'a cwd that does not exist', json: { command: 'true', cwd: '/nonexistent-wb' }, flags: ['--cmd', 'true', '--cwd', '/nonexistent-wb'], refusal: { field: 'cwd', problem: /"\/nonexistent-wb" does not exist/ } },
  { what: 'a negative timeout', json: { command: 'true', timeout: '-5s' }, flags: ['--cmd', 'true', '--timeout', '-5s'], library: { command: { shell: 'true' }, timeoutMs: -5000 }, refusal: { field: 'timeout', problem: /out of range: use 1/ } },
  { what: 'a timeout over 30 days', json: { command: 'true', timeout: '31d' }, flags: ['--cmd', 'true', '--timeout', '31d'], library: { command: { shell: 'true' }, timeoutMs: 31 * DAY }, refusal: { field: 'timeout', problem: /out of range/ } },
  { what: 'a 25-day timeout', json: { command: 'true', timeout: '25d' }, flags: ['--cmd', 'true', '--timeout', '25d'], library: { command: { shell: 'true' }, timeoutMs: 25 * DAY }, refusal: null, stored: { timeout_ms: 25 * DAY } },
  { what: 'a timeout that is not a duration', json: { command: 'true', timeout: '5 parsecs' }, flags: ['--cmd', 'true', '--timeout', '5 parsecs'], library: { command: { shell: 'true' }, timeoutMs: '5 parsecs' }, refusal: { field: 'timeout', problem: /is not a (duration|whole number)/ } },
  { what: 'a tag with a space', json: { tags: ['bad tag'] }, flags: ['--tag', 'bad tag'], refusal: { field: 'tags', problem: /bad tag "bad tag"/ } },
  { what: 'priority "urgent"', json: { priority: 'urgent' }, flags: ['--priority', 'urgent'], refusal: { field: 'priority', problem: /"urgent" is not a priority/ } },
  { what: 'priority "high"', json: { command: 'true', priority: 'high' }, flags: ['--cmd', 'true', '--priority', 'high'], library: { command: { shell: 'true' }, priority: 'high' }, refusal: null, stored: { priority: 10 } },
  { what: 'priority -10', json: { command: 'true', priority: -10 }, flags: ['--cmd', 'true', '--priority', '-10'], refusal: null, stored: { priority: -10 } },
  { what: 'a NUL in the task', json: { task: 'a\u0000b' }, refusal: { field: 'task', problem: /contains a NUL byte/ } },
  { what: 'an argv command with shell metacharacters', json: { command: ['touch', 'report;touch PWNED'] }, flags: ['--cmd', '--', 'touch', 'report;touch PWNED'], library: { command: { argv: ['touch', 'report;touch PWNED'] } }, refusal: null, stored: { command: ['touch', 'report;touch PWNED'] } },
  { what: 'a relative cwd', json: { command: 'pwd', cwd: 'sub', env: { GREETING: 'hi there' } }, flags: ['--cmd', 'pwd', '--cwd', 'sub', '--env', 'GREETING=hi there'], library: { command: { shell: 'pwd' }, cwd: 'sub', env: { GREETING: 'hi there' } }, refusal: null, stored: { cwd: 'CALLER/sub', env: { GREETING: 'hi there' } } },
  { what: 'cwd without a command', json: { cwd: '.' }, flags: ['--cwd', '.'], refusal: { field: 'cwd', problem: /applies to commands only/ }, batch: false },
  { what: 'an unknown key', json: { colour: 'red' }, refusal: { field: 'colour', problem: /unknown field/ } }, // no flag: yargs refuses an unknown option itself
  // Refusals only the database can make (it knows the other blocks): the same format, WHERE: FIELD: problem.
  { what: 'an unknown dependency by name', json: { after: ['nobody-has-this'] }, flags: ['--after', 'nobody-has-this'], refusal: { field: 'after', problem: /unknown dependency "nobody-has-this"/ }, batch: false },
  { what: 'an unknown dependency by id', json: { after: [99] }, flags: ['--after', '99'], refusal: { field: 'after', problem: /unknown dependency #99/ }, batch: false },
  { what: 'a name a queued block has', json: { name: 'existing-name' }, flags: ['--name', 'existing-name'], refusal: { field: 'name', problem: /"existing-name" is taken by a queued block: pick another name/ }, batch: false },
  { what: 'a name that is all digits', json: { name: '123' }, flags: ['--name', '123'], refusal: { field: 'name', problem: /cannot be all digits/ }, batch: false },
];

const FLAG_NAMES: Record<string, string> = { tags: '--tag', command: '--cmd', retry_delay: '--retry-delay' };
const LIBRARY_NAMES: Record<string, string> = { retries: 'maxRetries', timeout: 'timeoutMs', next_step: 'nextStep' };

function libraryFields(c: Case): Fields {
  if (c.library) return c.library;
  const out: Fields = {};
  for (const [k, v] of Object.entries(c.json)) {
    if (k === 'command') out.command = Array.isArray(v) ? { argv: v } : { shell: v };
    else out[LIBRARY_NAMES[k] ?? k] = v;
  }
  return out;
}

/** A directory with a `sub` directory and an existing block #1 named existing-name (the dependency some cases name). */
function setup(): string {
  const cwd = tempDir('wb-path-');
  fs.mkdirSync(path.join(cwd, 'sub'));
  ok(['add', 'existing', '--name', 'existing-name'], { cwd });
  return cwd;
}

type Verdict = { ok: true; stored: Fields } | { ok: false; message: string };

function cliVerdict(cwd: string, args: string[], input?: string): Verdict {
  const before = ok(['list', '--all', '--count'], { cwd });
  const r = cli(args, { cwd, input });
  if (r.code === 0) {
    const blocks = JSON.parse(ok(['list', '--all', '--json'], { cwd })) as Fields[];
    return { ok: true, stored: blocks.reduce((a, b) => ((b.id as number) > (a.id as number) ? b : a)) };
  }
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(ok(['list', '--all', '--count'], { cwd })).toBe(before);
  return { ok: false, message: r.stderr.trim() };
}

const paths: Record<string, (c: Case) => Promise<Verdict | null>> = {
  async flag(c) {
    if (!c.flags) return null;
    const cwd = setup();
    return cliVerdict(cwd, ['add', String(c.json.task ?? 'a task'), ...(c.flags ?? [])]);
  },
  async 'NDJSON line'(c) {
    const cwd = setup();
    return cliVerdict(cwd, ['add', '-'], `${JSON.stringify({ task: 'a task', ...c.json })}\n`);
  },
  async 'import file'(c) {
    const cwd = setup();
    fs.writeFileSync(path.join(cwd, 'in.ndjson'), `${JSON.stringify({ task: 'a task', ...c.json })}\n`);
    return cliVerdict(cwd, ['import', 'in.ndjson']);
  },
  async 'batch file'(c) {
    if (c.batch === false) return null;
    const cwd = setup();
    fs.writeFileSync(path.join(cwd, 'batch.json'), JSON.stringify({ commands: [{ name: 'c1', command: 'true', ...c.json }] }));
    const r = cli(['run', 'batch.json', '--dry-run', '--json'], { cwd });
    if (r.code === 0) return { ok: true, stored: {} }; // a dry run stores nothing; the plan was accepted
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return { ok: false, message: r.stderr.trim() };
  },
  async library(c) {
    const cwd = setup();
    const q = await openQueue({ db: locationOf(cwd), cwd });
    try {
      const before = await q.count({ all: true });
      try {
        const { ids } = await q.add({ task: 'a task', ...libraryFields(c) } as never);
        const b = await q.show(ids[0]);
        return { ok: true, stored: { retries: b.maxRetries, timeout_ms: b.timeoutMs, priority: b.priority, cwd: b.cwd, env: b.env, command: b.command && ('argv' in b.command ? b.command.argv : b.command.shell) } };
      } catch (e) {
        expect((e as Error).name).toMatch(/UsageError|SchemaError/);
        expect(await q.count({ all: true })).toBe(before);
        return { ok: false, message: (e as Error).message };
      }
    } finally {
      await q.close();
    }
  },
};

function fieldPattern(pathName: string, field: string): string {
  if (pathName === 'flag') return FLAG_NAMES[field] ?? `--${field}`;
  if (pathName === 'library') return `(${LIBRARY_NAMES[field] ?? field}|${field})`;
  return field;
}

describe('one block contract on every input path', () => {
  it.each(cases.map((c) => [c.what, c] as const))('%s: the same verdict everywhere', async (_what, c) => {
    for (const [name, run] of Object.entries(paths)) {
      const verdict = await run(c);
      if (!verdict) continue;
      if (c.refusal === null) {
        expect(verdict, `${name}: ${!verdict.ok && verdict.message}`).toMatchObject({ ok: true });
        if (verdict.ok && name !== 'batch file') {
          for (const [k, v] of Object.entries(c.stored ?? {})) {
            if (k === 'cwd') expect(verdict.stored.cwd, name).toMatch(new RegExp(`/${String(v).replace('CALLER/', '')}$`));
            else expect(verdict.stored[k], `${name}: ${k}`).toEqual(v);
          }
        }
      } else {
        expect(verdict.ok, `${name} accepted it`).toBe(false);
        const message = (verdict as { message: string }).message;
        // LINE: FIELD: problem: fix, with the field named the way this path spells it.
        expect(message, name).toMatch(new RegExp(`${fieldPattern(name, c.refusal.field)}(\\.[A-Z]+|\\[\\d+\\])?: .*${c.refusal.problem.source}`));
        if (name === 'NDJSON line') expect(message).toMatch(/^workblock: line 1: /);
        if (name === 'import file') expect(message).toMatch(/^workblock: in\.ndjson line 1: /);
        if (name === 'batch file') expect(message).toMatch(/^workblock: batch\.json commands\[0\]: /);
      }
    }
  });
});
