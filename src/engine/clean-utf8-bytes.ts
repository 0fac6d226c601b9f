/**
 * Clean a UTF-8 post of 1 MB or more from its bytes without ever holding it
 * whole as text (smaller posts, and posts in other encodings, are decoded and
 * go through clean-string.ts; the region loop is clean-post.ts, shared).
 *
 * Everything that splits a post into regions is ASCII (front matter fences,
 * Movable Type separators and keys), so the layout is read on a latin1 view
 * whose offsets are byte offsets. Each region is then decoded, cleaned and
 * handed back on its own; unchanged bytes are never decoded again, only
 * copied. A 100 MB export stays within a few times its size in memory.
 */
import { layoutOf, type PostFormat } from '../formats/layout.js';
import { LineIndex } from '../text/line-index.js';
import type { Report } from '../types.js';
import { mayNeedCleaning, type Fix } from './clean-region.js';
import { cleanRegions, regionSettings, type CleanPostOptions, type Segment } from './clean-post.js';
import { Collector, type Tally } from './collect.js';

/** A report placed in the file: `start`/`end` in UTF-16 units of the text (no BOM), line and column 1-based. */
export type Placed<R extends Report = Report> = R & { line: number; column: number };

export interface Utf8BytesResult {
  changed: boolean;
  format: PostFormat;
  fixes: Placed<Fix>[];
  tally: Tally;
  warnings: Placed[];
  problems: Placed[];
  rounds: number;
  /** Changed regions, in byte offsets of the input (BOM included). */
  segments: Segment[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** UTF-16 code units in valid UTF-8 bytes [from, to): one per lead byte, two for 4-byte sequences. */
function utf16Length(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index++) {
    const byte = bytes[index]!;
    if ((byte & 0xc0) !== 0x80) count += byte >= 0xf0 ? 2 : 1;
  }
  return count;
}

/** Line breaks (CRLF, lone CR, LF) in [from, to), and where the last line starts. */
function lineBreaks(bytes: Buffer, from: number, to: number): { count: number; lineStart: number } {
  let count = 0;
  let lineStart = -1;
  for (let index = from; index < to; index++) {
    const byte = bytes[index]!;
    if (byte === 10) {
      count++;
      lineStart = index + 1;
    } else if (byte === 13 && bytes[index + 1] !== 10) {
      count++;
      lineStart = index + 1;
    }
  }
  return { count, lineStart };
}

export interface Utf8BytesOptions extends CleanPostOptions {
  /** Called with each changed region as soon as it is cleaned, in order. */
  onSegment?: (segment: Segment) => void;
  /** Keep the segments in the result (default true); off when onSegment consumes them. */
  keepSegments?: boolean;
  /** Told how many bytes are done after each region. */
  onProgress?: (done: number, total: number) => void;
}

export function cleanUtf8Bytes(bytes: Buffer, options: Utf8BytesOptions = {}): Utf8BytesResult {
  const bom = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  const view = bytes.toString('latin1', bom);
  const layout = layoutOf(view, options.format ?? 'auto', options.path);
  const settings = regionSettings(options);
  // located at the very start: line 1, column 1
  const problems = layout.problems.map((problem) => ({ ...problem, line: 1, column: 1 }));
  const collector = new Collector(problems, options.keepFixes !== false);
  const segments: Segment[] = [];
  let changed = false;

  if (mayNeedCleaning(view, settings)) {
    // counted incrementally from one region to the next
    let countedTo = bom;
    let chars = 0;
    let lines = 0;
    let lineStart = bom;
    cleanRegions(layout.regions, settings, collector, {
      read(region) {
        if (region.label !== undefined) region.label = Buffer.from(region.label, 'latin1').toString('utf8');
        return bytes.toString('utf8', region.start + bom, region.end + bom);
      },
      place(region, text, cleaned) {
        if (cleaned.fixes.length + cleaned.warnings.length + cleaned.problems.length === 0) return undefined;
        const start = region.start + bom;
        chars += utf16Length(bytes, countedTo, start);
        const breaks = lineBreaks(bytes, countedTo, start);
        lines += breaks.count;
        if (breaks.lineStart !== -1) lineStart = breaks.lineStart;
        countedTo = start;
        const columnBase = utf16Length(bytes, lineStart, start);
        const local = new LineIndex(text);
        return (report) => {
          const where = local.locate(report.start);
          Object.assign(report, {
            line: lines + where.line,
            column: where.line === 1 ? columnBase + where.column : where.column,
          });
          report.start += chars;
          report.end += chars;
        };
      },
      done(region, output) {
        const end = region.end + bom;
        options.onProgress?.(end, bytes.length);
        if (output !== undefined) {
          const segment = { start: region.start + bom, end, text: output };
          changed = true;
          options.onSegment?.(segment);
          if (options.keepSegments !== false) segments.push(segment);
        }
      },
    });
  }
  return {
    changed,
    format: layout.format,
    fixes: collector.fixes as Placed<Fix>[],
    tally: collector.tally,
    warnings: collector.warnings as Placed[],
    problems: collector.problems as Placed[],
    rounds: collector.rounds,
    segments,
  };
}
