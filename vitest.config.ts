import { defineConfig } from 'vitest/config';
import { SLOW_TESTS } from './vitest.slow.config.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the integrations install from the registry: npm run test:integration; the longer runs: npm run test:slow
    exclude: ['test/integration/**', 'node_modules/**', ...SLOW_TESTS],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
