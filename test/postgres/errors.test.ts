import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { errorStatus } from '../../src/serve/error-status.js';
import { newDatabaseUrl, postgresServer } from '../helpers/backend.js';
import { cli, ok, tempDir } from '../helpers/cli.js';
import { request, startServe } from '../serve/serve-helpers.js';

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

/** The error a real query gets (the promise's rejection), whatever it is. */
const caught = (p: Promise<unknown>) => p.then(() => expect.unreachable('it succeeded'), (e: unknown) => e);

describe("the dashboard's answer when PostgreSQL is gone", () => {
  const unavailable = { status: 503, message: 'the database is unavailable: try again' };

  it('is 503 for a refused connection, as SQLITE_BUSY is, not 500', async () => {
    const refused = await caught(new pg.Client({ host: '127.0.0.1', port: 1, user: 'wb_test', database: 'nowhere' }).connect());
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(errorStatus(refused)).toEqual(unavailable);
  });

  it('is 503 for a connection the server ended, and for the queries after it', async () => {
    const client = new pg.Client({ connectionString: newDatabaseUrl() });
    client.on('error', () => undefined); // the ended connection also reports itself here
    await client.connect();
    // The server ends this session as a shutdown or a failover would (57P01).
    const ended = await caught(client.query('select pg_terminate_backend(pg_backend_pid())'));
    expect(errorStatus(ended)).toEqual(unavailable);
    const after = await caught(client.query('select 1'));
    expect(errorStatus(after)).toEqual(unavailable);
    await client.end().catch(() => undefined);
  });
});

describe('workblock serve while its PostgreSQL database refuses connections', () => {
  it('answers 503 "the database is unavailable: try again", then 200 again once it is back', async () => {
    const url = newDatabaseUrl();
    const cwd = tempDir();
    ok(['add', 'a block', '--db', url], { cwd });
    const served = await startServe(cwd, ['--db', url]);
    const admin = new pg.Client({ connectionString: url });
    admin.on('error', () => undefined);
    // serve's own words when it fails to answer at all
    const get = () => request(served.origin, '/api/blocks/1').catch((e: Error) => expect.unreachable(`${e.message}: ${served.stderr()}`));
    try {
      expect((await get()).status).toBe(200);
      // As a failover or a restart looks to serve: its sessions end and new ones are refused for a while.
      const db = new URL(url).pathname.slice(1);
      await admin.connect();
      await admin.query(`alter database "${db}" connection limit 0`);
      // With a timeout it waits until each session has ended (a bare call only sends the signal).
      await admin.query('select pg_terminate_backend(pid, 10000) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      const down = await get();
      expect(down.status, down.body).toBe(503);
      expect(JSON.parse(down.body)).toEqual({ error: 'the database is unavailable: try again' });
      await admin.query(`alter database "${db}" connection limit -1`);
      expect((await get()).status).toBe(200);
    } finally {
      await admin.end().catch(() => undefined);
      await served.stop();
    }
  });
});
