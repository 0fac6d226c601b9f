/** The top of the git work tree a folder is in, found by looking for `.git` (a folder, or a file in a linked work tree). */
import fs from 'node:fs';
import path from 'node:path';

const tops = new Map<string, string | null>();

/** The top of the git work tree holding the folder `dir` (absolute), or null; cached per folder. */
export function gitTop(dir: string): string | null {
  const known = tops.get(dir);
  if (known !== undefined) return known;
  let top: string | null;
  if (fs.existsSync(path.join(dir, '.git'))) top = dir;
  else {
    const parent = path.dirname(dir);
    top = parent === dir ? null : gitTop(parent);
  }
  tops.set(dir, top);
  return top;
}
