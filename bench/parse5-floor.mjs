#!/usr/bin/env node
// The floor blogfix is measured against: read every post, parse it with
// parse5 keeping source locations (what a lossless cleaner needs), write it
// back unchanged. No cleaning, no workers.
//   node bench/parse5-floor.mjs DIR
import fs from 'node:fs';
import path from 'node:path';
import { parseFragment } from 'parse5';

const FRONT_MATTER = /^(?:---|\+\+\+)[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\+\+\+)[ \t]*(?:\r?\n|$)/;
const EXTENSIONS = new Set(['.html', '.htm', '.md', '.markdown', '.txt']);

function* posts(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* posts(file);
    else if (EXTENSIONS.has(path.extname(entry.name))) yield file;
  }
}

let count = 0;
for (const file of posts(process.argv[2])) {
  const text = fs.readFileSync(file, 'utf8');
  const body = text.replace(FRONT_MATTER, '');
  count += parseFragment(body, { sourceCodeLocationInfo: true }).childNodes.length > 0 ? 1 : 0;
  fs.writeFileSync(file, text);
}
process.stderr.write(`parse5 floor: ${count} posts parsed and written back\n`);
