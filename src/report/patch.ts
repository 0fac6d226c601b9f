/**
 * A git-style unified patch for one file (`diff --git a/… b/…`, three lines
 * of context), made with jsdiff, that `git apply` takes and that yields the
 * in-place result byte for byte.
 */
import { formatPatch, structuredPatch } from 'diff';
import type { Colors } from './color.js';

/** The patch from `before` to `after`, with `a/` and `b/` prefixes on `display`. */
export function filePatch(display: string, before: string, after: string): string {
  const name = display.split('\\').join('/');
  const patch = structuredPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3 });
  const text = formatPatch({ ...patch, isGit: true });
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Colour a patch for a terminal: headers bold, hunks cyan, removals red, additions green. */
export function colorPatch(patch: string, c: Colors): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('diff --git') || line.startsWith('--- ') || line.startsWith('+++ ')) return c.bold(line);
      if (line.startsWith('@@')) return c.cyan(line);
      if (line.startsWith('-')) return c.red(line);
      if (line.startsWith('+')) return c.green(line);
      return line;
    })
    .join('\n');
}
