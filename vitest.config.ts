import { defineConfig } from 'vitest/config';

/**
 * Tests spawn the built CLI and real processes: generous timeouts, files in parallel, tests in order.
 * Two projects: every file on SQLite, and the backend-parametrized suites (cli, reliability, db,
 * postgres) again on a real PostgreSQL 15 started by test/setup/postgres.ts.
 * WORKBLOCK_TEST_BACKEND=sqlite|postgres runs one backend only; unset, both run.
 */
const only = process.env.WORKBLOCK_TEST_BACKEND;
const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

const sqlite = { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/postgres/**'], env: { WORKBLOCK_TEST_BACKEND: 'sqlite' } } };
const postgres = {
  test: {
    ...shared,
    name: 'postgres',
    include: ['test/cli/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/db/**/*.test.ts', 'test/postgres/**/*.test.ts'],
    // Written against the SQLite file itself (its path in printed crontabs, the upward lookup of
    // data/workblocks.db, direct better-sqlite3 reads): to be parametrized, as the others were.
    exclude: ['test/cli/cron-heartbeat.test.ts', 'test/cli/stats.test.ts', 'test/cli/delayed.test.ts'],
    env: { WORKBLOCK_TEST_BACKEND: 'postgres' },
    globalSetup: ['test/setup/postgres.ts'],
  },
};

export default defineConfig({
  test: {
    projects: only === 'postgres' ? [postgres] : only === 'sqlite' ? [sqlite] : [sqlite, postgres],
  },
});
