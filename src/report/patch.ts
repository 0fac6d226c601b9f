/**
 * A git-style unified patch for one file (`diff --git a/… b/…`, three lines of
 * context) that `git apply` takes and that yields the in-place result byte for
 * byte. jsdiff computes the line diff and writes the patch.
 *
 * A cleaned file differs from the original only inside the regions that
 * changed, so jsdiff is run on each cluster of changed regions (with the
 * context lines around it) rather than on the whole file: a 100 MB export with
 * changes in every entry still diffs in linear time.
 */
import { formatPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import type { Colors } from './color.js';

/** A changed span: `before.slice(start, end)` became `after.slice(outStart, outEnd)`. */
export interface Segment {
  start: number;
  end: number;
  outStart: number;
  outEnd: number;
}

const CONTEXT = 3;

/** Offsets where each line starts (lines end at \n, as jsdiff splits them). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The 0-based line holding `offset`. */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

interface Cluster {
  /** line ranges [from, to) in the old and new text */
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

function hunksOf(before: string, after: string, segments: readonly Segment[]): StructuredPatchHunk[] {
  const oldStarts = lineStarts(before);
  const newStarts = lineStarts(after);
  const oldCount = before.endsWith('\n') || before === '' ? oldStarts.length - 1 : oldStarts.length;
  const newCount = after.endsWith('\n') || after === '' ? newStarts.length - 1 : newStarts.length;
  const clusters: Cluster[] = [];
  for (const segment of segments) {
    const cluster = {
      oldFrom: Math.max(0, lineOf(oldStarts, segment.start) - CONTEXT),
      // the line holding the segment's end has the same rest in both texts
      oldTo: Math.min(oldCount, lineOf(oldStarts, segment.end) + 1 + CONTEXT),
      newFrom: Math.max(0, lineOf(newStarts, segment.outStart) - CONTEXT),
      newTo: Math.min(newCount, lineOf(newStarts, segment.outEnd) + 1 + CONTEXT),
    };
    const last = clusters.at(-1);
    // clusters whose context lines meet are diffed together
    if (last && cluster.oldFrom <= last.oldTo) {
      last.oldTo = Math.max(last.oldTo, cluster.oldTo);
      last.newTo = Math.max(last.newTo, cluster.newTo);
    } else clusters.push(cluster);
  }
  const hunks: StructuredPatchHunk[] = [];
  const slice = (text: string, starts: readonly number[], from: number, to: number) =>
    text.slice(starts[from] ?? text.length, to < starts.length ? starts[to]! : text.length);
  for (const cluster of clusters) {
    const oldPart = slice(before, oldStarts, cluster.oldFrom, cluster.oldTo);
    const newPart = slice(after, newStarts, cluster.newFrom, cluster.newTo);
    const patch = structuredPatch('a', 'b', oldPart, newPart, undefined, undefined, { context: CONTEXT });
    for (const hunk of patch.hunks) {
      hunks.push({ ...hunk, oldStart: hunk.oldStart + cluster.oldFrom, newStart: hunk.newStart + cluster.newFrom });
    }
  }
  return hunks;
}

/**
 * The patch from `before` to `after`, with `a/` and `b/` prefixes on
 * `display`. `segments` (sorted, disjoint) say where the texts differ;
 * without them the whole texts are diffed.
 */
export function filePatch(display: string, before: string, after: string, segments?: readonly Segment[]): string {
  const name = display.split('\\').join('/');
  const whole: Segment[] = [{ start: 0, end: before.length, outStart: 0, outEnd: after.length }];
  const hunks = hunksOf(before, after, segments && segments.length > 0 ? segments : whole);
  const text = formatPatch({ oldFileName: `a/${name}`, newFileName: `b/${name}`, oldHeader: undefined, newHeader: undefined, hunks, isGit: true });
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
