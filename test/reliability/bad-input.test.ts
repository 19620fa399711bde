import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, cli, cliEnv, dbPath, ok, tempDir } from '../helpers/cli.js';
import { onPostgres } from '../helpers/backend.js';
import { fingerprint } from '../helpers/db.js';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file of the data directory with its hash (the database, any -wal or log), and on PostgreSQL a dump. */
const snapshot = fingerprint;

function seeded(): string {
  const cwd = tempDir();
  ok(['add', 'existing', '--name', 'taken'], { cwd });
  ok(['add', 'second'], { cwd });
  fs.writeFileSync(path.join(cwd, 'empty.json'), '');
  fs.writeFileSync(path.join(cwd, 'shape.json'), '{"jobs": []}');
  fs.writeFileSync(path.join(cwd, 'broken.json'), '{"tasks": [');
  fs.mkdirSync(path.join(cwd, 'adir'));
  fs.writeFileSync(path.join(cwd, 'masked.ndjson'), '{"format":"workblock-export","version":2}\n{"task":"push","command":"true","env":{"GH_TOKEN":"***"},"masked":["env.GH_TOKEN"]}\n');
  fs.writeFileSync(path.join(cwd, 'lines.ndjson'), '{"task":"ok"}\n{"task":"t","retries":-5}\n');
  fs.writeFileSync(path.join(cwd, 'dupids.json'), JSON.stringify({ format: 'workblock-export', version: 2, blocks: [{ id: 7, task: 'a' }, { id: 7, task: 'b' }] }));
  fs.writeFileSync(path.join(cwd, 'unknown-key.json'), JSON.stringify({ tasks: [{ task: 'a', colour: 'red' }] }));
  fs.writeFileSync(path.join(cwd, 'memory.json'), JSON.stringify({ commands: [{ name: 'a', command: 'true', memory_limit: '1G' }] }));
  fs.writeFileSync(path.join(cwd, 'abort.json'), JSON.stringify({ abort_on_failure: 1, commands: [{ name: 'a', command: 'true' }] }));
  return cwd;
}

const long = 'x'.repeat(1001);
const cycle = '{"task":"a","name":"a","after":["b"]}\n{"task":"b","name":"b","after":["a"]}';

// [what, argv, stdin]
const cases: Array<[string, string[], string?]> = [
  ['empty task', ['add', '']],
  ['whitespace task', ['add', '   ']],
  ['task over 1,000 characters', ['add', long]],
  ['NUL byte in a field', ['add', '-'], '{"task":"a\\u0000b"}'],
  ['unknown command', ['frobnicate']],
  ['unknown flag', ['list', '--frobnicate']],
  ['unknown flag on add', ['add', 'x', '--frobnicate']],
  ['N of 0', ['execute', '0']],
  ['negative N', ['execute', '-3']],
  ['non-numeric N', ['execute', 'lots']],
  ['bad priority', ['add', 'x', '--priority', 'urgent']],
  ['bad duration', ['add', 'x', '--cmd', 'true', '--timeout', '5 parsecs']],
  ['zero timeout', ['add', 'x', '--cmd', 'true', '--timeout', '0s']],
  ['unknown logger', ['execute', '--logger', 'carrier-pigeon']],
  ['webhook with a non-http URL', ['execute', '--logger', 'webhook:ftp://example.com/x']],
  ['unknown dependency', ['add', 'x', '--after', '999']],
  ['unknown dependency by name', ['add', 'x', '--after', 'nobody-has-this']],
  ['dependency cycle', ['add', '-'], cycle],
  ['duplicate name', ['add', 'x', '--name', 'taken']],
  ['duplicate name inside one input', ['add', '-'], '{"task":"a","name":"n"}\n{"task":"b","name":"n"}'],
  ['malformed NDJSON line', ['add', '-'], 'fine\n{"task": oops}\n'],
  ['unknown NDJSON field', ['add', '-'], '{"task":"a","colour":"red"}'],
  ['empty standard input', ['add', '-'], '\n\n'],
  ['import of a missing file', ['import', 'missing.json']],
  ['import of an empty file', ['import', 'empty.json']],
  ['import of the wrong shape', ['import', 'shape.json']],
  ['import of broken JSON', ['import', 'broken.json']],
  ['import of a directory', ['import', 'adir']],
  ['run of a missing batch file', ['run', 'missing.json']],
  ['run of an empty batch file', ['run', 'empty.json']],
  ['run of the wrong shape', ['run', 'shape.json']],
  ['bad retries', ['add', 'x', '--cmd', 'true', '--retries', '-1']],
  ['bad --env', ['add', 'x', '--cmd', 'true', '--env', 'NOEQUALS']],
  ['--cwd without --cmd', ['add', 'x', '--cwd', '/tmp']],
  ['bad tag', ['add', 'x', '--tag', 'has space']],
  ['limit of 0', ['list', '--limit', '0']],
  ['concurrency of 0', ['execute', '--concurrency', '0']],
  ['bad --if-pending', ['execute', '--if-pending', 'many']],
  ['bad --since', ['history', '--since', 'yesterday']],
  ['bad --older-than', ['prune', '--older-than', 'soon']],
  ['unknown setting', ['config', 'set', 'colour', 'red']],
  ['retry without a target', ['retry']],
  ['show of a missing block', ['show', '999']],
  ['remove of a missing block (all or nothing)', ['remove', '1', '999']],
  // issue 11: every input path checks alike
  ['NDJSON retries -5', ['add', '-'], '{"task":"a","retries":-5}'],
  ['NDJSON retries 1000000', ['add', '-'], '{"task":"a","retries":1000000}'],
  ['NDJSON retries "abc"', ['add', '-'], '{"task":"a","retries":"abc"}'],
  ['NDJSON env name with a space', ['add', '-'], '{"task":"a","cmd":"true","env":{"A B":"x"}}'],
  ['NDJSON NUL in an env value', ['add', '-'], '{"task":"a","cmd":"true","env":{"A":"x\\u0000y"}}'],
  ['NDJSON status done', ['add', '-'], '{"task":"a","status":"done"}'],
  ['NDJSON timeout_ms of 0', ['add', '-'], '{"task":"a","cmd":"true","timeout_ms":0}'],
  ['NDJSON timeout_ms over 30 days', ['add', '-'], '{"task":"a","cmd":"true","timeout_ms":2678400001}'],
  ['NDJSON relative cwd that does not exist', ['add', '-'], '{"task":"a","cmd":"true","cwd":"nowhere"}'],
  ['the same dependency twice', ['add', 'x', '--after', '1', '--after', '1']],
  ['a cwd that does not exist', ['add', 'x', '--cmd', 'true', '--cwd', '/nonexistent']],
  ['add - with a cwd that does not exist', ['add', '-', '--cwd', '/nonexistent'], '{"task":"a","cmd":"true"}'],
  ['negative timeout', ['add', 'x', '--cmd', 'true', '--timeout', '-5s']],
  ['timeout over 30 days', ['add', 'x', '--cmd', 'true', '--timeout', '31d']],
  ['non-numeric retries', ['add', 'x', '--cmd', 'true', '--retries', 'abc']],
  ['pause of a bad tag', ['pause', '--tag', 'bad tag']],
  ['import of a line with bad retries (all or nothing)', ['import', 'lines.ndjson']],
  ['import of a masked secret', ['import', 'masked.ndjson']],
  ['import of two blocks with one id', ['import', 'dupids.json']],
  ['import of an unknown key', ['import', 'unknown-key.json']],
  ['run of a batch with memory_limit', ['run', 'memory.json']],
  ['run of a batch with a non-boolean abort_on_failure', ['run', 'abort.json']],
];

function expectOneLineError(r: { code: number | null; stderr: string }, code = 2): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^workblock: \S/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('bad input: one line, exit 2, database byte-identical', () => {
  it.each(cases)('%s', (_what, args, input) => {
    const cwd = seeded();
    const before = snapshot(cwd);
    const r = cli(args, { cwd, input });
    expectOneLineError(r);
    expect(snapshot(cwd)).toEqual(before);
  });

  // The database file's own failure modes: SQLite only (PostgreSQL's are in test/postgres/errors.test.ts).
  const onSqlite = onPostgres ? it.skip : it;

  onSqlite('names the database path when it is a directory', () => {
    const cwd = tempDir();
    const r = cli(['add', 'x', '--db', cwd], { cwd });
    expectOneLineError(r);
    expect(r.stderr).toContain('is a directory');
  });

  onSqlite('refuses a file that is not SQLite and leaves it alone', () => {
    const cwd = tempDir();
    const file = path.join(cwd, 'notes.db');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    const before = sha(file);
    const r = cli(['list', '--db', file], { cwd });
    expectOneLineError(r);
    expect(r.stderr).toContain('not a workblock database');
    expect(sha(file)).toBe(before);
  });

  onSqlite('refuses a database from a newer schema version', () => {
    const cwd = seeded();
    const db = new Database(dbPath(cwd));
    db.pragma('user_version = 99');
    db.close();
    const before = snapshot(cwd);
    const r = cli(['add', 'x'], { cwd });
    expectOneLineError(r);
    expect(r.stderr).toMatch(/schema version 99, newer than this workblock .*upgrade workblock/);
    expect(snapshot(cwd)).toEqual(before);
  });

  onSqlite('says so when another writer holds the database past the busy timeout, exit 1', () => {
    const cwd = seeded();
    const holder = new Database(dbPath(cwd));
    holder.exec('begin immediate');
    const before = sha(dbPath(cwd));
    try {
      const r = cli(['add', 'x'], { cwd, env: { WORKBLOCK_BUSY_TIMEOUT_MS: '200' } });
      expectOneLineError(r, 1);
      expect(r.stderr).toMatch(/locked by another writer: retry/);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    expect(sha(dbPath(cwd))).toBe(before);
  });

  // Root ignores file modes: test as `nobody`, who must be let through every directory above the CLI
  // (a checkout under a 0700 `mktemp -d` is not).
  const othersCanReach = (file: string): boolean => {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (!(fs.statSync(dir).mode & 0o001)) return false;
      if (dir === path.dirname(dir)) return true;
    }
  };
  const asNobody = process.getuid?.() === 0 && !onPostgres && othersCanReach(BIN) ? it : it.skip;
  asNobody('refuses writes to a read-only database but still reads it', () => {
    const cwd = seeded();
    fs.chmodSync(cwd, 0o755);
    fs.chmodSync(path.join(cwd, 'data'), 0o755);
    fs.chmodSync(dbPath(cwd), 0o444);
    const before = snapshot(cwd);
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, uid: 65534, gid: 65534, env: cliEnv(), encoding: 'utf8' });
    const write = run(['add', 'x']);
    expectOneLineError({ code: write.status, stderr: write.stderr });
    expect(write.stderr).toContain('read-only');
    const read = run(['list', '--count']);
    expect(read.status, read.stderr).toBe(0);
    expect(read.stdout).toBe('2\n');
    expect(snapshot(cwd)).toEqual(before);
  });
});
