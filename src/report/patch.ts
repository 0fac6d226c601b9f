/**
 * The --dry-run patch of a post, made here on the report side from the texts
 * the cleaning hands back (FileResult's `change`): a git-style unified patch
 * for one file (`diff --git a/… b/…`, three lines of
 * context) that `git apply` takes and that yields the in-place result byte for
 * byte. jsdiff computes the line diff and writes the patch.
 *
 * A cleaned file differs from the original only inside the regions that
 * changed, so jsdiff is run on each cluster of changed regions (with the
 * context lines around it) rather than on the whole file: a 100 MB export with
 * changes in every entry still diffs in linear time.
 */
import path from 'node:path';
import type { StructuredPatchHunk } from 'diff';
import { lazyDiff } from '../lazy.js';
import { patchHeader } from './patch-path.js';
import { lineAt } from '../text/line-index.js';
import type { Segment } from '../engine/clean-post.js';
import type { FileResult } from '../engine/clean-file.js';
import { ENCODING_NAMES } from '../formats/encoding.js';
import { patchPath } from './patch-path.js';

const CONTEXT = 3;

/** formatPatch's header options for the hunks alone (diff's OMIT_HEADERS, which the lazy import does not carry). */
const OMIT_HEADERS = { includeIndex: false, includeUnderline: false, includeFileHeaders: false };

/**
 * The old file, as the patch reads it: a string (offsets in code units) or
 * UTF-8 bytes (offsets in bytes, decoded only where a hunk needs them).
 */
export interface PatchSource {
  readonly length: number;
  slice(from: number, to: number): string;
  /** Offsets where lines start (lines end at \n, as jsdiff splits them). */
  lineStarts(): number[];
  /** How many \n are in [from, to). */
  newlines(from: number, to: number): number;
}

export function textSource(text: string): PatchSource {
  return {
    length: text.length,
    slice: (from, to) => text.slice(from, to),
    lineStarts() {
      const starts = [0];
      for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
      return starts;
    },
    newlines: (from, to) => countNewlines(text, from, to),
  };
}

export function utf8Source(bytes: Buffer): PatchSource {
  return {
    length: bytes.length,
    slice: (from, to) => bytes.toString('utf8', from, to),
    lineStarts() {
      const starts = [0];
      for (let index = bytes.indexOf(10); index !== -1; index = bytes.indexOf(10, index + 1)) starts.push(index + 1);
      return starts;
    },
    newlines(from, to) {
      let count = 0;
      for (let index = bytes.indexOf(10, from); index !== -1 && index < to; index = bytes.indexOf(10, index + 1)) count++;
      return count;
    },
  };
}

function countNewlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index !== -1 && index < to; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

interface Cluster {
  /** lines [from, to) of the old text, context included */
  from: number;
  to: number;
  segments: Segment[];
}

function hunksOf(source: PatchSource, segments: readonly Segment[]): StructuredPatchHunk[] {
  const starts = source.lineStarts();
  const endsWithNewline = source.length === 0 || source.newlines(source.length - 1, source.length) === 1;
  const lineCount = endsWithNewline ? starts.length - 1 : starts.length;
  const clusters: Cluster[] = [];
  for (const segment of segments) {
    const from = Math.max(0, lineAt(starts, segment.start) - CONTEXT);
    // the line holding the segment's end has the same rest before and after
    const to = Math.min(lineCount, lineAt(starts, segment.end) + 1 + CONTEXT);
    const last = clusters.at(-1);
    if (last && from <= last.to) {
      last.to = Math.max(last.to, to);
      last.segments.push(segment);
    } else clusters.push({ from, to, segments: [segment] });
  }
  const hunks: StructuredPatchHunk[] = [];
  const lineStart = (line: number) => (line < starts.length ? starts[line]! : source.length);
  let delta = 0; // new line number minus old line number, before the cluster
  for (const cluster of clusters) {
    const first = lineStart(cluster.from);
    const last = cluster.to >= lineCount ? source.length : lineStart(cluster.to);
    let newPart = '';
    let cursor = first;
    for (const segment of cluster.segments) {
      newPart += source.slice(cursor, segment.start) + segment.text;
      cursor = segment.end;
    }
    newPart += source.slice(cursor, last);
    const patch = lazyDiff().structuredPatch('a', 'b', source.slice(first, last), newPart, undefined, undefined, { context: CONTEXT });
    for (const hunk of patch.hunks) {
      hunks.push({ ...hunk, oldStart: hunk.oldStart + cluster.from, newStart: hunk.newStart + cluster.from + delta });
    }
    for (const segment of cluster.segments) delta += countNewlines(segment.text) - source.newlines(segment.start, segment.end);
  }
  return hunks;
}

/**
 * The patch for `before` changed by `segments` (sorted, disjoint: the output
 * is `before` with each segment's span replaced by its text), with `a/` and
 * `b/` prefixes on `name` (see patchPath: relative to the top of the git work
 * tree, or to the current folder), quoted as git quotes it.
 */
export function filePatch(name: string, before: string | PatchSource, segments: readonly Segment[]): string {
  // as git names them: forward slashes, no leading ./ or / (a//abs/path does not apply)
  const plain = (path.sep === '\\' ? name.split('\\').join('/') : name).replace(/^(?:\.\/|\/)+/, '');
  const hunks = hunksOf(typeof before === 'string' ? textSource(before) : before, segments);
  // the hunks from jsdiff; the header ours (jsdiff would escape every non-ASCII byte of the name)
  const body = lazyDiff().formatPatch({ oldFileName: undefined, newFileName: undefined, oldHeader: undefined, newHeader: undefined, hunks }, OMIT_HEADERS);
  const text = patchHeader(plain) + body;
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** `segment` narrowed to the characters that differ from `before`'s (none when none differ). */
function narrowed(before: string, segment: Segment): Segment[] {
  const old = before.slice(segment.start, segment.end);
  const text = segment.text;
  let head = 0;
  while (head < old.length && head < text.length && old.charCodeAt(head) === text.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < old.length - head && tail < text.length - head && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  if (head === old.length && head === text.length) return [];
  return [{ start: segment.start + head, end: segment.end - tail, text: text.slice(head, text.length - tail) }];
}

/**
 * A post's --dry-run patch, from the texts its result carries (only a post
 * that would change carries them, and only in dry-run mode). A post that is
 * not UTF-8 gets a note first: the patch shows its text decoded.
 */
export function patchOf(result: FileResult): string | undefined {
  const change = result.change;
  if (!change) return undefined;
  const { before, segments } = change;
  if (result.convertedFrom !== undefined && typeof before === 'string') {
    // --to-utf8: the whole text as read and as written, shown where it changed
    const note = `# blogfix: ${result.display} is ${ENCODING_NAMES[result.convertedFrom]}; --to-utf8 writes it as UTF-8 (every byte outside ASCII changes); the text changes below\n`;
    const changed = segments.flatMap((segment) => narrowed(before, segment));
    return note + (changed.length > 0 ? filePatch(result.display, before, changed) : '');
  }
  // named as git names it: from the top of the work tree (or the current folder), whatever path was given
  const name = change.file !== undefined ? patchPath(change.file) : result.display;
  // bytes come from a worker thread as a plain Uint8Array
  const source = typeof before === 'string' ? before : utf8Source(Buffer.isBuffer(before) ? before : Buffer.from(before.buffer, before.byteOffset, before.byteLength));
  const patch = filePatch(name, source, segments);
  if (result.encoding === undefined || result.encoding === 'utf-8') return patch;
  return `# blogfix: ${result.display} is ${result.encoding}; this patch shows it decoded and does not apply with git apply\n${patch}`;
}
