import { defineConfig } from 'vitest/config';

// The longer runs, kept out of `npm test` (which must finish within 60 s):
// properties over many generated posts (fuzz), time growth on big inputs
// (linear-time), 100 000 nested elements (enormous-posts), the atomic writes under
// faults (writes: full disks, read-only files, races, Ctrl-C). `npm run test:slow`,
// which .ci/run calls with more cases.
export const SLOW_TESTS = ['test/fuzz.test.ts', 'test/linear-time.test.ts', 'test/enormous-posts.test.ts', 'test/writes.test.ts'];

export default defineConfig({
  test: {
    include: SLOW_TESTS,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
