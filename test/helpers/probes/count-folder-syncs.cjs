// Probe loaded with NODE_OPTIONS=--require (in the main thread and in every
// worker): counts fsync calls on folders and appends the count of this
// thread to the file named in BLOGFIX_PROBE_OUT when the thread ends.
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const out = process.env.BLOGFIX_PROBE_OUT;
let folders = 0;
const isFolder = (fd) => {
  try {
    return fs.fstatSync(fd).isDirectory();
  } catch {
    return false;
  }
};
const fsync = fs.fsync;
fs.fsync = function (fd, ...rest) {
  if (isFolder(fd)) folders++;
  return fsync.call(this, fd, ...rest);
};
const fsyncSync = fs.fsyncSync;
fs.fsyncSync = function (fd, ...rest) {
  if (isFolder(fd)) folders++;
  return fsyncSync.call(this, fd, ...rest);
};
process.on('exit', () => {
  if (out) fs.appendFileSync(out, `${threadId} ${folders}\n`);
});
