import os from 'node:os';
import { defineConfig } from 'vitest/config';

// The command line end to end, the way users run it: each of these files
// starts the built command tens of times (sites, globs, the output formats,
// the cache, ignore files, patch paths, configuration files, presets, the
// shipped examples, `blogfix images`, and the basics in test/cli.test.ts),
// some 230 starts in all, more than `npm test`'s minute on a 2-core machine
// allows. `npm run test:cli`, which .ci/run calls. `npm test` keeps the
// differential test (every post, every time, up to 3000 posts) and the other
// files that start the command a few times.
export const CLI_TESTS = [
  'test/cli.test.ts',
  'test/config-cli.test.ts',
  'test/sites.test.ts',
  'test/formats.test.ts',
  'test/cli-expectations.test.ts',
  'test/cache.test.ts',
  'test/patch-paths.test.ts',
  'test/config-editors.test.ts',
  'test/walk-outcomes.test.ts',
  'test/ignore.test.ts',
  'test/presets.test.ts',
  'test/examples.test.ts',
  'test/images/cli.test.ts',
];

/**
 * A test file per core: the time goes to the commands the tests start, each in
 * its own process (vitest's default, one fewer, is a single worker on 2 cores).
 */
export const ONE_FILE_PER_CORE = Math.max(2, os.availableParallelism());

export default defineConfig({
  test: {
    include: CLI_TESTS,
    maxWorkers: ONE_FILE_PER_CORE,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
