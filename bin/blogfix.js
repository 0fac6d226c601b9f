#!/usr/bin/env node
'use strict';
// Runs the bundled command (dist/blogfix.cjs) with a V8 code cache kept in
// node_modules/.cache/blogfix: compiling the bundle is a good part of a short
// run's time. A cache that is missing, stale or unwritable is simply not used.
// Installed as a dependency, the cache goes to the project's
// node_modules/.cache/blogfix (where build tools keep theirs), never inside
// the package, which may be read-only; it is named after the version.
// The cache holds the functions compiled by the run that made it: one made by
// `--version` lacks the whole cleaning path. Its first byte says whether a
// `clean` run made it; a `clean` run finding one that was not made so makes it
// again (once), so that the cleaning code is in it too.
// (CommonJS, like the bundle: the ES module loader costs start-up time too.)
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'dist', 'blogfix.cjs');
const installed = path.basename(path.dirname(root)) === 'node_modules';
const cacheDir = path.join(installed ? path.dirname(root) : path.join(root, 'node_modules'), '.cache', 'blogfix');
const cacheFile = path.join(cacheDir, `${require('../package.json').version}-${process.version}-${process.arch}.bin`);

const source = fs.readFileSync(file, 'utf8');
const CLEAN = 1;
const made = process.argv[2] === 'clean' ? CLEAN : 0;
let cachedData;
let madeBy = 0;
try {
  const stored = fs.readFileSync(cacheFile);
  madeBy = stored[0];
  cachedData = stored.subarray(1);
} catch {
  // first run, or no cache kept
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
const bundle = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
// a worker of the runner's pool loads this file for its task (the bundle's default export)
module.exports = bundle.exports;

if (cachedData === undefined || script.cachedDataRejected || (made & ~madeBy) !== 0) {
  process.once('beforeExit', () => {
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temp, Buffer.concat([Buffer.of(made | madeBy), script.createCachedData()]));
      fs.renameSync(temp, cacheFile);
    } catch {
      // a read-only install runs without a cache
    }
  });
}
