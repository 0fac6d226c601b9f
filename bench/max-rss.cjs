// Preloaded by bench/run.mjs (node -r): on exit, write the process's peak
// resident set size (KB, all threads) to the file named by BLOGFIX_BENCH_RSS.
'use strict';
const fs = require('node:fs');
const out = process.env.BLOGFIX_BENCH_RSS;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
