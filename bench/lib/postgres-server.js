/**
 * A throw-away PostgreSQL 15 server for tests (test/helpers/postgres-server.ts) and the bench: initdb into a temp dir, pg_ctl on a unix
 * socket in that dir and a free loopback port, password login for a test role, removed when stopped.
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (runuser).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PG_BIN = process.env.WORKBLOCK_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Test-only password, deliberately distinctive so tests can assert it never appears in any output. */
const PASSWORD = 'pw-Zq7hunter2-test';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a server binary as the cluster's owner (postgres when we are root), failing loudly. */
function runAsOwner(bin, args) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args]] : [path.join(PG_BIN, bin), args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function postgresAvailable() {
  return fs.existsSync(path.join(PG_BIN, 'initdb'));
}

export async function startPostgres() {
  if (!postgresAvailable()) throw new Error(`PostgreSQL 15 binaries not found in ${PG_BIN}: apt-get install postgresql (or set WORKBLOCK_PG_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pg-'));
  if (process.getuid?.() === 0) spawnSync('chown', ['postgres:', dir]);
  fs.chmodSync(dir, 0o700);
  const data = path.join(dir, 'data');
  runAsOwner('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // Durability off: these clusters live for one test run. max_connections covers 8 executors per test file.
  const settings = ['-k', dir, '-h', '127.0.0.1', '-p', String(port), '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'];
  runAsOwner('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  const server = { dir, port, user: 'wb_test', password: PASSWORD, socketDir: dir };
  psqlAdmin(server, `create role wb_test login createdb password '${PASSWORD}'`);
  return server;
}

export function stopPostgres(server) {
  try {
    runAsOwner('pg_ctl', ['-D', path.join(server.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}

/** One statement as the superuser over the unix socket. */
export function psqlAdmin(server, statement, db = 'postgres') {
  const r = spawnSync(path.join(PG_BIN, 'psql'), ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', server.socketDir, '-p', String(server.port), '-U', 'postgres', '-d', db, '-c', statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${statement}: ${r.stderr}`);
  return r.stdout;
}

export function databaseUrl(server, db, withPassword = true) {
  const auth = withPassword ? `${server.user}:${encodeURIComponent(server.password)}` : server.user;
  return `postgres://${auth}@127.0.0.1:${server.port}/${db}`;
}

let serial = 0;

/** A new empty database owned by the test role, named for this process so parallel files never collide. */
export function createDatabase(server) {
  const name = `wb_${process.pid}_${++serial}_${Math.random().toString(36).slice(2, 8)}`;
  psqlAdmin(server, `create database ${name} owner ${server.user}`);
  return name;
}
