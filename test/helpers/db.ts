/**
 * Direct access to a test's queue database on either backend, for assertions the CLI cannot make
 * (history counts, block_counts, schema versions). Real connections: better-sqlite3 or node-postgres.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { databaseFor } from './backend.js';
import { dbPath } from './cli.js';
import { PG_BIN } from './postgres-server.js';

/** The queue database of a tempDir: its postgres URL, or its SQLite file. */
export function locationOf(dir: string): string {
  return databaseFor(dir) ?? dbPath(dir);
}

/** bigint (20) and numeric (1700), as the product itself reads them: our values stay far below 2^53. */
const numbersAsNumbers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

/** Runs one SQL statement (no parameters) and returns its rows, numbers as numbers. */
export async function queryRows<T = Record<string, unknown>>(dir: string, text: string): Promise<T[]> {
  const location = locationOf(dir);
  if (!location.startsWith('postgres')) {
    const db = new Database(location);
    try {
      const stmt = db.prepare(text);
      return (stmt.reader ? stmt.all() : (stmt.run(), [])) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location, types: numbersAsNumbers });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A Kysely instance on the queue database of `dir`, for migration tests; destroy it when done. */
export function kyselyFor(dir: string): Kysely<any> {
  const location = locationOf(dir);
  if (location.startsWith('postgres')) return new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 2, types: numbersAsNumbers }) }) });
  fs.mkdirSync(path.dirname(location), { recursive: true });
  return new Kysely({ dialect: new SqliteDialect({ database: new Database(location) }) });
}

/**
 * Whether a command created the queue of `dir`. On SQLite: its data/ directory exists (nothing else
 * makes it). On PostgreSQL (whose data/ tempDir makes up front): the database has any table.
 */
export function queueCreated(dir: string): boolean {
  const url = databaseFor(dir);
  if (!url) return fs.existsSync(path.join(dir, 'data'));
  const r = spawnSync(path.join(PG_BIN, 'psql'), ['-XAtq', '-d', url, '-c', "select count(*) from pg_tables where schemaname = 'public'"], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return Number(r.stdout.trim()) > 0;
}

const sha = (bytes: Buffer | string) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Everything a command could have changed, as hashes: each file of <dir>/data (the SQLite database,
 * its -wal, logs, diaries) and, on PostgreSQL, a full pg_dump (schema, rows and sequence values).
 */
export function fingerprint(dir: string): Record<string, string> {
  const data = path.join(dir, 'data');
  const files = fs.existsSync(data) ? fs.readdirSync(data).filter((f) => fs.statSync(path.join(data, f)).isFile()) : [];
  const out = Object.fromEntries(files.map((f) => [f, sha(fs.readFileSync(path.join(data, f)))]));
  const url = databaseFor(dir);
  if (url) {
    const r = spawnSync(path.join(PG_BIN, 'pg_dump'), ['--no-owner', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
    // pg_dump 15.14+ brackets its output with \restrict KEY / \unrestrict KEY, a random key per run.
    // Sequence positions are left out: PostgreSQL never rolls a sequence back, so an add refused after
    // its rows were inserted leaves a gap in the ids (documented in the README) and nothing else.
    out['pg_dump'] = sha(r.stdout.replace(/^\\(un)?restrict .*$/gm, '').replace(/^SELECT pg_catalog\.setval\(.*$/gm, ''));
  }
  return out;
}
