import { defineConfig } from 'vitest/config';
import { CLI_TESTS, ONE_FILE_PER_CORE } from './vitest.cli.config.js';
import { SLOW_TESTS } from './vitest.slow.config.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the integrations install from the registry: npm run test:integration; the longer runs: npm run test:slow;
    // the suites that start the command most often: npm run test:cli (all three run by .ci/run)
    exclude: ['test/integration/**', 'node_modules/**', ...SLOW_TESTS, ...CLI_TESTS],
    maxWorkers: ONE_FILE_PER_CORE,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
