// Preloaded by scripts/stress.mjs (node --require): writes the process's peak
// memory and CPU time as JSON to BLOGFIX_USAGE_FILE when it exits.
'use strict';
const fs = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  fs.writeFileSync(process.env.BLOGFIX_USAGE_FILE, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
});
