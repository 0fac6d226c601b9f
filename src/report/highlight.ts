/**
 * A patch coloured for a terminal, with the changed words inside a line
 * marked. A Hatena paragraph is often one 700-character line: coloured whole,
 * a 30-character edit in it is lost. Each run of removed lines is diffed word
 * by word (jsdiff's diffWordsWithSpace) against the run of added lines after
 * it, and what differs is shown in reverse video, as git's diff-highlight
 * does. Only for terminals: a patch for a pipe or a file stays plain text.
 */
import { lazyDiff } from '../lazy.js';
import type { Colors } from './color.js';

/** Runs longer than this (in characters, both sides) are coloured by line only: the word diff would cost more than it shows. */
const MAX_WORD_DIFF = 100_000;

/** Word edits beyond which a run is coloured by line only. */
const MAX_EDITS = 2_000;

/** A line split into pieces, the changed ones marked. */
type Pieces = { text: string; changed: boolean }[];

/** Split the pieces of one side of a run at its line breaks. */
function toLines(pieces: Pieces): Pieces[] {
  const lines: Pieces[] = [[]];
  for (const piece of pieces) {
    const parts = piece.text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part) lines.at(-1)!.push({ text: part, changed: piece.changed });
    });
  }
  return lines;
}

/**
 * The removed and added lines of a run, each split into pieces; undefined
 * when the two sides share too little for marks to help (a rewrite).
 */
export function wordPieces(removed: readonly string[], added: readonly string[]): { removed: Pieces[]; added: Pieces[] } | undefined {
  const before = removed.join('\n');
  const after = added.join('\n');
  if (before.length + after.length > MAX_WORD_DIFF) return undefined;
  // a run with many edits is a rewrite: give up early rather than spend seconds on marks
  const changes = lazyDiff().diffWordsWithSpace(before, after, { maxEditLength: MAX_EDITS });
  if (!changes) return undefined;
  const old: Pieces = [];
  const now: Pieces = [];
  let common = 0;
  for (const change of changes) {
    if (change.added) now.push({ text: change.value, changed: true });
    else if (change.removed) old.push({ text: change.value, changed: true });
    else {
      common += change.value.length;
      old.push({ text: change.value, changed: false });
      now.push({ text: change.value, changed: false });
    }
  }
  // less than a quarter in common: every word is marked, which says nothing
  if (common * 4 < Math.min(before.length, after.length)) return undefined;
  return { removed: toLines(old), added: toLines(now) };
}

function render(sign: '-' | '+', pieces: Pieces, c: Colors): string {
  const paint = sign === '-' ? c.red : c.green;
  return paint(sign + pieces.map((piece) => (piece.changed ? c.inverse(piece.text) : piece.text)).join(''));
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * Colour a git-style patch: headers bold, hunk lines cyan, removals red,
 * additions green, the changed words of paired runs in reverse video.
 */
export function colorPatch(patch: string, c: Colors): string {
  const lines = patch.split('\n');
  const out: string[] = [];
  let oldLeft = 0;
  let newLeft = 0;
  let removed: string[] = [];
  let added: string[] = [];
  // "\ No newline at end of file" follows the last line of its side
  let removedEnd: string | undefined;
  let addedEnd: string | undefined;
  const flush = () => {
    if (removed.length === 0 && added.length === 0) return;
    const pieces = removed.length > 0 && added.length > 0 ? wordPieces(removed, added) : undefined;
    out.push(...(pieces ? pieces.removed.map((line) => render('-', line, c)) : removed.map((line) => c.red(`-${line}`))));
    if (removedEnd !== undefined) out.push(c.dim(removedEnd));
    out.push(...(pieces ? pieces.added.map((line) => render('+', line, c)) : added.map((line) => c.green(`+${line}`))));
    if (addedEnd !== undefined) out.push(c.dim(addedEnd));
    removed = [];
    added = [];
    removedEnd = addedEnd = undefined;
  };
  for (const line of lines) {
    if (line.startsWith('\\ ')) {
      if (added.length > 0) addedEnd = line;
      else if (removed.length > 0) removedEnd = line;
      else out.push(c.dim(line));
      continue;
    }
    if (oldLeft > 0 || newLeft > 0) {
      // inside a hunk: the counts in its header say where it ends, whatever its lines look like
      const sign = line[0];
      if (sign === '-') {
        if (added.length > 0 || removedEnd !== undefined) flush();
        removed.push(line.slice(1));
        oldLeft--;
        continue;
      }
      if (sign === '+') {
        added.push(line.slice(1));
        newLeft--;
        continue;
      }
      flush();
      oldLeft--;
      newLeft--;
      out.push(line);
      continue;
    }
    flush();
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      out.push(c.cyan(line));
    } else if (line.startsWith('diff --git') || line.startsWith('--- ') || line.startsWith('+++ ') || line.startsWith('# blogfix:')) out.push(c.bold(line));
    else out.push(line);
  }
  flush();
  return out.join('\n');
}
