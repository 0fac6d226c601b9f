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
await build({
  entryPoints: ['src/entry.ts'],
  outfile: 'dist/blogfix.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // loaded on demand from node_modules: Markdown, patches, legacy encodings and ignore files are not every run's business
  // piscina starts its workers from its own files, so it stays in node_modules (and loads only for a run with workers)
  external: ['mdast-util-from-markdown', 'diff', 'iconv-lite', 'ignore', 'micromark-extension-mdxjs', 'mdast-util-mdx', 'tinyglobby', 'jsonc-parser', 'file-entry-cache', 'piscina'],
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
