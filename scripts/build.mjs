#!/usr/bin/env node
// Build: tsc for the library and its types (dist/*.js, *.d.ts), then one
// esbuild bundle for the command line (dist/blogfix.cjs), which bin/blogfix.js
// loads with a V8 code cache: one file, compiled once, is what keeps a
// single-post run close to bare node start-up.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { build } from 'esbuild';

// a module removed from src/ must not live on in dist/ (and in the package)
fs.rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
/**
 * In src/lazy.ts, config.ts and cache.ts (or in a subfolder of src/), `require` is made with createRequire (the plain ES module build needs
 * it); in the bundle the line goes, so that `require('pkg')` is esbuild's own and the package is bundled, lazily.
 */
const LAZY_REQUIRE = 'const require = createRequire(import.meta.url);';
const bundledRequire = {
  name: 'bundled-require',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/](?:[^\\/]+[\\/])?(lazy|config|cache)\.ts$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!source.includes(LAZY_REQUIRE)) throw new Error(`${args.path}: no "${LAZY_REQUIRE}" line to replace`);
      return { contents: source.replace(LAZY_REQUIRE, ''), loader: 'ts' };
    });
  },
};

await build({
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/blogfix.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // piscina starts its workers from its own files, so it stays in node_modules (and loads only for a run with workers).
  // The libraries loaded on demand (Markdown, patches, legacy encodings, ignore files, globs, config, cache) are
  // bundled too, each wrapped by esbuild to run only when first required: loading them from node_modules went
  // through node's resolver and ES module loader file by file, with no code cache (a Markdown post paid ~100 ms).
  // jsonc-parser's main build (UMD) requires its own files at run time: it loads from node_modules, only on a JSON error
  external: ['piscina', 'iconv-lite', 'micromark-extension-mdxjs', 'mdast-util-mdx', 'file-entry-cache', 'jsonc-parser'],
  plugins: [bundledRequire],
  define: {
    // workers start through the same loader, with the same code cache
    'process.env.BLOGFIX_WORKER_SCRIPT_': '"../bin/blogfix.js"',
    'import.meta.url': '__blogfixUrl',
  },
  banner: { js: "const __blogfixUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// an old code cache belongs to the old bundle
fs.rmSync('node_modules/.cache/blogfix', { recursive: true, force: true });
