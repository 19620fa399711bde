import { defineConfig } from 'vitest/config';
import { useRunTempRoot } from './test/setup/temp-root.js';

/**
 * Tests spawn the built CLI and real processes: generous timeouts, files in parallel, tests in order.
 * Two projects: every file on SQLite, and the files that open a queue (listed below) again on a real
 * PostgreSQL 15 started by test/setup/postgres.ts.
 * WORKBLOCK_TEST_BACKEND=sqlite|postgres runs one backend only; unset, both run.
 */
useRunTempRoot(); // before the workers start: they inherit TMPDIR

const only = process.env.WORKBLOCK_TEST_BACKEND;
const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

const sqlite = { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/postgres/**'], env: { WORKBLOCK_TEST_BACKEND: 'sqlite' } } };
const postgres = {
  test: {
    ...shared,
    name: 'postgres',
    // The suites parametrized over both backends: reliability (fault matrix, kill -9, racing executors,
    // signals, security, bad input), migrations, PostgreSQL's own, every CLI, batch, exec and schema
    // file, the queue, logger and worker files that open a queue, and the dashboard (serve). Their queues come
    // from tempDir() (test/helpers/backend.ts); SQLite-only tests inside them say why with skipIf(onPostgres).
    include: [
      'test/reliability/**/*.test.ts',
      'test/db/**/*.test.ts',
      'test/postgres/**/*.test.ts',
      'test/cli/**/*.test.ts',
      'test/batch/**/*.test.ts',
      'test/queue/{library,recover,schedules}.test.ts',
      'test/exec/**/*.test.ts',
      'test/schema/**/*.test.ts',
      'test/loggers/timeout.test.ts',
      'test/worker/wait-wake.test.ts',
      'test/serve/**/*.test.ts',
    ],
    env: { WORKBLOCK_TEST_BACKEND: 'postgres' },
    globalSetup: ['test/setup/postgres.ts'],
  },
};

export default defineConfig({
  test: {
    projects: only === 'postgres' ? [postgres] : only === 'sqlite' ? [sqlite] : [sqlite, postgres],
  },
});
