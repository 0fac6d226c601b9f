/**
 * Clean a whole post held as a string (every post under 1 MB, and any post
 * that is not UTF-8): split it into regions, clean each (clean-post.ts), and
 * describe the output as segments: the changed regions, everything else
 * being the input as it was. Big UTF-8 posts go through clean-utf8-bytes.ts.
 */
import { layoutOf, type PostFormat } from '../formats/layout.js';
import type { Report } from '../types.js';
import { mayNeedCleaning, type Fix } from './clean-region.js';
import { applySegments, cleanRegions, regionSettings, type CleanPostOptions, type Segment } from './clean-post.js';
import { Collector, type Tally } from './collect.js';

export interface CleanStringResult {
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

export function cleanString(input: string, options: CleanPostOptions = {}): CleanStringResult {
  const settings = regionSettings(options);
  const layout = layoutOf(input, options.format ?? 'auto', options.path);
  const collector = new Collector(layout.problems, options.keepFixes !== false);
  const segments: Segment[] = [];
  // one scan for all regions of an export; a single region is scanned by cleanRegion itself (scanning the post first would read it twice)
  if (layout.regions.length === 1 || mayNeedCleaning(input, settings)) {
    cleanRegions(layout.regions, settings, collector, {
      read: (region) => input.slice(region.start, region.end),
      place: (region) => (report) => {
        report.start += region.start;
        report.end += region.start;
      },
      done(region, output) {
        if (output !== undefined) segments.push({ start: region.start, end: region.end, text: output });
      },
    });
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
