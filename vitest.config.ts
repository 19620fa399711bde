import { defineConfig } from 'vitest/config';

// Tests spawn the built CLI and real processes: generous timeouts, files in parallel, tests in order.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
