import { describe, expect, it } from 'vitest';
import { newDatabaseUrl, postgresServer } from '../helpers/backend.js';
import { cli, tempDir } from '../helpers/cli.js';

/** Every way a command can print: the password must appear in none of them. */
function expectNoPassword(...outputs: string[]): void {
  const { password } = postgresServer();
  for (const out of outputs) {
    expect(out).not.toContain(password);
    expect(out).not.toContain(encodeURIComponent(password));
  }
}

describe('PostgreSQL connection problems', () => {
  it('names an unreachable server in one line, exit 1, without the password', () => {
    const { password } = postgresServer();
    const url = `postgres://wb_test:${password}@127.0.0.1:1/nowhere`;
    for (const args of [['list'], ['add', 'x'], ['execute', '1'], ['migrate']]) {
      const r = cli([...args, '--db', url], { cwd: tempDir() });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^workblock: cannot reach the PostgreSQL server of postgres:\/\/wb_test@127\.0\.0\.1:1\/nowhere \(ECONNREFUSED\): check that it runs and the host and port are right\n$/);
      expectNoPassword(r.stdout, r.stderr);
    }
  });

  it('names a refused login in one line, exit 2, and never prints the password, even with --debug', () => {
    const good = new URL(newDatabaseUrl());
    const wrong = new URL(good.href);
    wrong.password = `${postgresServer().password}-wrong`;
    for (const args of [['list'], ['add', 'x'], ['list', '--debug']]) {
      const r = cli([...args, '--db', wrong.href], { cwd: tempDir() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(`workblock: PostgreSQL refused the login for postgres://wb_test@127.0.0.1:${good.port}${good.pathname}: check the user and password (PGPASSWORD, ~/.pgpass or the URL)`);
      expectNoPassword(r.stdout, r.stderr);
      expect(r.stderr).not.toContain(wrong.password);
    }
    const noPassword = cli(['list', '--db', `postgres://wb_test@127.0.0.1:${good.port}${good.pathname}`], { cwd: tempDir(), env: { PGPASSWORD: undefined } });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/^workblock: PostgreSQL refused the login/);
  });

  it('names a missing database in one line, exit 2', () => {
    const url = new URL(newDatabaseUrl());
    url.pathname = '/no_such_database';
    const r = cli(['list', '--db', url.href], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^workblock: database postgres:\/\/wb_test@127\.0\.0\.1:\d+\/no_such_database does not exist: create it \(createdb\) or fix the name in the URL\n$/);
    expectNoPassword(r.stderr);
  });

  it('never shows the password of a working URL in any command output', () => {
    const cwd = tempDir();
    const url = newDatabaseUrl();
    const outputs: string[] = [];
    const run = (args: string[]) => {
      const r = cli([...args, '--db', url], { cwd });
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    run(['add', 'a block', '--cmd', 'echo hi']);
    run(['add', 'failing', '--cmd', 'exit 4']);
    run(['list', '--all']);
    run(['execute', '5', '--logger', 'jsonl']);
    for (const args of [['history'], ['show', '2'], ['export', '--json'], ['status'], ['logs', '1'], ['migrate'], ['recover'], ['list', '--all', '--debug']]) run(args);
    expect(outputs.join('')).toMatch(/a block/);
    expectNoPassword(...outputs);
  });
});
