import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { CLI_TESTS } from './vitest.cli.config.js';
import { SLOW_TESTS } from './vitest.slow.config.js';

// Most test files spend their time waiting for the command they start, which
// runs in its own process: one test file per core, not vitest's default of
// one fewer (a single worker on a 2-core machine, with the other core idle).
const workers = Math.max(2, os.availableParallelism());

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the integrations install from the registry: npm run test:integration; the longer runs: npm run test:slow;
    // the suites that start the command most often: npm run test:cli (all three run by .ci/run)
    exclude: ['test/integration/**', 'node_modules/**', ...SLOW_TESTS, ...CLI_TESTS],
    maxWorkers: workers,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
