// Preloaded by bench/run.mjs (node -r): on exit, write the process's peak
// resident set size (KB) and its CPU time (user and system, microseconds; all
// threads) to the file named by BLOGFIX_BENCH_RSS.
'use strict';
const fs = require('node:fs');
const out = process.env.BLOGFIX_BENCH_RSS;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(out, `${usage.maxRSS} ${usage.userCPUTime} ${usage.systemCPUTime}`);
  });
}
