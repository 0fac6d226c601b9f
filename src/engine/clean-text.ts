/**
 * Clean a whole post held as a string: split it into regions (front matter is
 * never touched), clean each region, and put the post back together from the
 * untouched text between regions and the regions' outputs.
 */
import { layoutOf, type PostFormat } from '../formats/layout.js';
import { passes as allPasses } from '../passes/index.js';
import type { Segment } from '../report/patch.js';
import type { Pass, PassOptions, Report } from '../types.js';
import { cleanRegion, type Fix } from './clean-region.js';

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
}

export interface CleanTextResult {
  output: string;
  changed: boolean;
  format: PostFormat;
  /** Applied fixes; spans are offsets into the input. */
  fixes: Fix[];
  /** Warnings and notices about what was left alone; spans in the input. */
  warnings: Report[];
  /** What the engine itself reports (unclosed front matter, rounds cap, ...). */
  problems: Report[];
  /** The most rounds any region took (0: nothing was parsed). */
  rounds: number;
  /** Where input and output differ: one segment per changed region, in order. */
  segments: Segment[];
}

export function cleanText(input: string, options: CleanTextOptions = {}): CleanTextResult {
  const passes = options.passes ?? allPasses;
  const passOptions: PassOptions = { keywordHosts: options.keywordHosts ?? [], pixelPatterns: options.pixelPatterns ?? [] };
  const layout = layoutOf(input, options.format ?? 'auto', options.path);
  const result: CleanTextResult = {
    output: input,
    changed: false,
    format: layout.format,
    fixes: [],
    warnings: [],
    problems: [...layout.problems],
    rounds: 0,
    segments: [],
  };
  if (!passes.some((pass) => pass.mayReport(input, passOptions))) return result;

  const chunks: string[] = [];
  let cursor = 0;
  let outLength = 0;
  for (const region of layout.regions) {
    const text = input.slice(region.start, region.end);
    const settings = { passes, options: passOptions, maxRounds: options.maxRounds, encodable: options.encodable };
    const cleaned = cleanRegion(text, region.kind, settings);
    const shift = <R extends Report>(report: R): R => {
      const shifted = { ...report, start: report.start + region.start, end: report.end + region.start };
      if (region.label !== undefined) shifted.entry = region.label;
      return shifted;
    };
    result.fixes.push(...cleaned.fixes.map(shift));
    result.warnings.push(...cleaned.warnings.map(shift));
    result.problems.push(...cleaned.problems.map(shift));
    result.rounds = Math.max(result.rounds, cleaned.rounds);
    const between = input.slice(cursor, region.start);
    chunks.push(between, cleaned.output);
    outLength += between.length;
    if (cleaned.output !== text) {
      result.segments.push({ start: region.start, end: region.end, outStart: outLength, outEnd: outLength + cleaned.output.length });
    }
    outLength += cleaned.output.length;
    cursor = region.end;
  }
  chunks.push(input.slice(cursor));
  result.output = chunks.join('');
  result.changed = result.output !== input;
  return result;
}
