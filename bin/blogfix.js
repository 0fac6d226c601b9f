#!/usr/bin/env node
'use strict';
// Runs the bundled command (dist/blogfix.cjs) with a V8 code cache kept in
// node_modules/.cache/blogfix: compiling the bundle is a good part of a short
// run's time. A cache that is missing, stale or unwritable is simply not used.
// Installed as a dependency, the cache goes to the project's
// node_modules/.cache/blogfix (where build tools keep theirs), never inside
// the package, which may be read-only; it is named after the version.
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
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // first run, or no cache kept
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
const bundle = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
// a worker of the runner's pool loads this file for its task (the bundle's default export)
module.exports = bundle.exports;

if (cachedData === undefined || script.cachedDataRejected) {
  process.once('beforeExit', () => {
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const temp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, cacheFile);
    } catch {
      // a read-only install runs without a cache
    }
  });
}
