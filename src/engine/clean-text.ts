/**
 * Clean a whole post held as a string: split it into regions (front matter is
 * never touched), clean each region, and describe the output as segments:
 * the changed regions, everything else being the input as it was.
 */
import { layoutOf, type PostFormat } from '../formats/layout.js';
import { passes as allPasses } from '../passes/index.js';
import type { Pass, PassOptions, Report } from '../types.js';
import { cleanRegion, mayNeedCleaning, type Fix, type RegionSettings } from './clean-region.js';
import { Collector, type Tally } from './collect.js';

export { emptyTally, type Tally } from './collect.js';

export interface CleanTextOptions {
  /** The file's path: picks the format (`.md` is Markdown) when `format` is 'auto'. */
  path?: string;
  format?: PostFormat | 'auto';
  /** The passes to run, in order (default: all). */
  passes?: readonly Pass[];
  /** Extra hosts whose /keyword/ pages are Hatena keyword pages. */
  keywordHosts?: readonly string[];
  /** Extra image URL patterns that are tracking pixels. */
  pixelPatterns?: readonly RegExp[];
  maxRounds?: number;
  /** Rewrites inserted text so the file's encoding can hold it. */
  encodable?: (text: string) => string;
  /** Off: parse and run every pass on every region, whatever the needles say (for testing the prefilter). */
  prefilter?: boolean;
  /**
   * Keep every fix in `fixes` (default true). Off, only `tally` counts them:
   * a 100 MB export holds hundreds of thousands.
   */
  keepFixes?: boolean;
}

/** A changed span: `input.slice(start, end)` becomes `text`. */
export interface Segment {
  start: number;
  end: number;
  text: string;
}

export interface CleanTextResult {
  /** The cleaned text (joined on first use: big exports can stay in segments). */
  readonly output: string;
  changed: boolean;
  format: PostFormat;
  /** Applied fixes; spans are offsets into the input (empty when keepFixes is off). */
  fixes: Fix[];
  tally: Tally;
  /** Warnings and notices about what was left alone; spans in the input. */
  warnings: Report[];
  /** What the engine itself reports (unclosed front matter, rounds cap, ...). */
  problems: Report[];
  /** The most rounds any region took (0: nothing was parsed). */
  rounds: number;
  /** The output as changes to the input: one segment per changed region, in order. */
  segments: Segment[];
}

/** The input with the segments spliced in. */
export function applySegments(input: string, segments: readonly Segment[]): string {
  if (segments.length === 0) return input;
  const chunks: string[] = [];
  let cursor = 0;
  for (const segment of segments) {
    chunks.push(input.slice(cursor, segment.start), segment.text);
    cursor = segment.end;
  }
  chunks.push(input.slice(cursor));
  return chunks.join('');
}

/** What every region is cleaned with. */
export function regionSettings(options: CleanTextOptions): RegionSettings {
  const passOptions: PassOptions = { keywordHosts: options.keywordHosts ?? [], pixelPatterns: options.pixelPatterns ?? [] };
  return { passes: options.passes ?? allPasses, options: passOptions, maxRounds: options.maxRounds, encodable: options.encodable, prefilter: options.prefilter };
}

export { mayNeedCleaning } from './clean-region.js';

export function cleanText(input: string, options: CleanTextOptions = {}): CleanTextResult {
  const settings = regionSettings(options);
  const layout = layoutOf(input, options.format ?? 'auto', options.path);
  const collector = new Collector(layout.problems, options.keepFixes !== false);
  const segments: Segment[] = [];
  // one scan for all regions of an export; a single region is scanned by cleanRegion itself (scanning the post first would read it twice)
  if (layout.regions.length === 1 || mayNeedCleaning(input, settings)) {
    for (const region of layout.regions) {
      const text = input.slice(region.start, region.end);
      const cleaned = cleanRegion(text, region.kind, settings);
      collector.add(region, cleaned, (report) => {
        report.start += region.start;
        report.end += region.start;
      });
      if (cleaned.output !== text) segments.push({ start: region.start, end: region.end, text: cleaned.output });
    }
  }
  let output: string | undefined;
  return {
    get output() {
      output ??= applySegments(input, segments);
      return output;
    },
    changed: segments.length > 0,
    format: layout.format,
    fixes: collector.fixes,
    tally: collector.tally,
    warnings: collector.warnings,
    problems: collector.problems,
    rounds: collector.rounds,
    segments,
  };
}
