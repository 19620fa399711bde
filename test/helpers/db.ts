/**
 * Direct access to a test's queue database on either backend, for assertions the CLI cannot make
 * (history counts, block_counts, schema versions). Real connections: better-sqlite3 or node-postgres.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { databaseFor } from './backend.js';
import { dbPath } from './cli.js';

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
