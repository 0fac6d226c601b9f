/**
 * What both ways of cleaning a whole post share: the options, the changed
 * regions as segments, and the loop over the post's regions (front matter is
 * never touched; each region is cleaned on its own and its reports moved into
 * the post). The two ways differ only in how the post is held:
 *
 * - clean-string.ts: a post held as a string (every post under 1 MB, and any
 *   post that is not UTF-8, decoded whole);
 * - clean-utf8-bytes.ts: a UTF-8 post of 1 MB or more, held as bytes and
 *   never decoded whole (a 100 MB Movable Type export).
 */
import type { PostFormat, Region } from '../formats/layout.js';
import { passes as allPasses } from '../passes/index.js';
import type { Pass, PassOptions, Report } from '../types.js';
import { cleanRegion, type RegionResult, type RegionSettings } from './clean-region.js';
import type { Collector } from './collect.js';

export { emptyTally, type Tally } from './collect.js';
export { mayNeedCleaning } from './clean-region.js';

export interface CleanPostOptions {
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
export function regionSettings(options: CleanPostOptions): RegionSettings {
  const passOptions: PassOptions = { keywordHosts: options.keywordHosts ?? [], pixelPatterns: options.pixelPatterns ?? [] };
  return { passes: options.passes ?? allPasses, options: passOptions, maxRounds: options.maxRounds, encodable: options.encodable, prefilter: options.prefilter };
}

/** How one way of holding a post takes part in the region loop. */
export interface RegionHooks {
  /** The region's text. */
  read(region: Region): string;
  /**
   * How to move the region's reports into the post (offsets, and line and
   * column if wanted); undefined: leave them out of the collector.
   */
  place(region: Region, text: string, cleaned: RegionResult): ((report: Report) => void) | undefined;
  /** The region is cleaned: its text changed to `output`, or undefined when it did not. */
  done(region: Region, output: string | undefined): void;
}

/** Clean each region in turn, collecting its reports and handing on its output. */
export function cleanRegions(regions: readonly Region[], settings: RegionSettings, collector: Collector, hooks: RegionHooks): void {
  for (const region of regions) {
    const text = hooks.read(region);
    const cleaned = cleanRegion(text, region.kind, settings);
    const place = hooks.place(region, text, cleaned);
    if (place) collector.add(region, cleaned, place);
    hooks.done(region, cleaned.output !== text ? cleaned.output : undefined);
  }
}
