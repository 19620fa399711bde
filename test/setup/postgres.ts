/**
 * Vitest globalSetup of the postgres project: one PostgreSQL 15 server for the whole run, stopped
 * (and its directory removed) at the end. Test files get its address through inject('postgres').
 */
import type { TestProject } from 'vitest/node';
import { startPostgres, stopPostgres, type PostgresServer } from '../helpers/postgres-server.js';

declare module 'vitest' {
  interface ProvidedContext {
    postgres: PostgresServer | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  project.provide('postgres', server);
  return () => stopPostgres(server);
}
