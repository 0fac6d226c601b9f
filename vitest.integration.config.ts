import { defineConfig } from 'vitest/config';

// The integrations, each with the real tool: npm pack and install, husky and
// lint-staged, the pre-commit framework. Slow (they install from the npm
// registry), so not part of `npm test`: `npm run test:integration`, which CI runs.
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    // mostly waiting on npm, git and pre-commit, each file in its own folders: two files at a time
    maxWorkers: 2,
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
