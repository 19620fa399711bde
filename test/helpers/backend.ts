/**
 * Which backend the parametrized suites run against: WORKBLOCK_TEST_BACKEND=sqlite (default) or
 * postgres. On postgres every tempDir() gets a fresh database of its own, which the CLI helpers pass
 * as WORKBLOCK_DB for commands run in that directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { createDatabase, databaseUrl, type PostgresServer } from './postgres-server.js';

export type Backend = 'sqlite' | 'postgres';

export const BACKEND: Backend = process.env.WORKBLOCK_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = BACKEND === 'postgres';

export function postgresServer(): PostgresServer {
  const server = inject('postgres');
  if (!server) throw new Error('no PostgreSQL server: run this file in the postgres project (WORKBLOCK_TEST_BACKEND=postgres)');
  return server;
}

/** A URL to a new empty database, with the test role's password in it. */
export function newDatabaseUrl(): string {
  const server = postgresServer();
  return databaseUrl(server, createDatabase(server));
}

const urlByDir = new Map<string, string>();

/**
 * Called by tempDir(): on postgres, the directory's queue is a database of its own. Its data/ (logs,
 * diaries) is made up front, as the first add makes it on SQLite, so tests can plant files in it.
 */
export function assignDatabase(dir: string): void {
  if (!onPostgres) return;
  urlByDir.set(dir, newDatabaseUrl());
  fs.mkdirSync(path.join(dir, 'data'), { mode: 0o700 });
}

/** The WORKBLOCK_DB a command run in `dir` should see (undefined: the SQLite default under dir). */
export function databaseFor(dir: string): string | undefined {
  return urlByDir.get(dir);
}
