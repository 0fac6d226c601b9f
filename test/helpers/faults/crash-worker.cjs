// Fault for the runner's crash test, loaded with NODE_OPTIONS=--require: a
// worker thread (never the main one) that reads the post named in
// BLOGFIX_FAULT_POST dies on the spot, as a thread killed by an out-of-memory
// error or a native crash would.
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');
const readFileSync = fs.readFileSync;
const post = process.env.BLOGFIX_FAULT_POST;
if (!isMainThread && post) {
  fs.readFileSync = function (file, ...rest) {
    if (String(file).endsWith(post)) process.exit(7);
    return readFileSync.call(this, file, ...rest);
  };
}
