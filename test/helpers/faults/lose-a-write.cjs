// Fault for the safety-net test, loaded with NODE_OPTIONS=--require: the
// write of the post named in BLOGFIX_FAULT_POST never finishes (its fs.open
// never calls back), as a lost callback or a thread that stopped would leave
// it. Nothing else is kept waiting, so the event loop empties with the run
// unfinished: the run must still not pass.
const fs = require('node:fs');
const open = fs.open;
const post = process.env.BLOGFIX_FAULT_POST;
fs.open = function (file, ...rest) {
  if (post && String(file).includes(`.${post}.blogfix-`)) return undefined;
  return open.call(this, file, ...rest);
};
