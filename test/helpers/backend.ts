/**
 * Which backend the parametrized suites run against: WORKBLOCK_TEST_BACKEND=sqlite (default) or
 * postgres. On postgres every tempDir() gets a fresh database of its own, which the CLI helpers pass
 * as WORKBLOCK_DB for commands run in that directory.
 */
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

/** Called by tempDir(): on postgres, the directory's queue is a database of its own. */
export function assignDatabase(dir: string): void {
  if (onPostgres) urlByDir.set(dir, newDatabaseUrl());
}

/** The WORKBLOCK_DB a command run in `dir` should see (undefined: the SQLite default under dir). */
export function databaseFor(dir: string): string | undefined {
  return urlByDir.get(dir);
}
