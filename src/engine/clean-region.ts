/**
 * Clean one region (the HTML of a post, a Markdown body, one entry's body)
 * in rounds, ESLint style: parse, let every pass report, apply the edits that
 * do not overlap, and go again on the new text until no pass has an edit.
 * Reaching the cap or coming back to an earlier text is reported.
 */
import { createHash } from 'node:crypto';
import { readMarkdown } from '../formats/markdown.js';
import { hasHidingReference } from './prefilter.js';
import type { Span } from '../html/spans.js';
import type { MarkdownReference, Pass, PassOptions, Report } from '../types.js';
import { applyReports, OffsetMap } from './apply-edits.js';
import { DIRECTIVE_NEEDLE, findDirectives } from './directives.js';
import { parseHtml } from './parse-html.js';
import { runPasses } from './run-passes.js';

export const MAX_ROUNDS = 10;

const unions = new WeakMap<readonly Pass[], RegExp>();

/** One pattern matching wherever any pass's needle does; with extra pixel patterns, anything. */
export function anyNeedle(passes: readonly Pass[], options: PassOptions): RegExp {
  if (passes.length === 0) return /(?!)/;
  if (options.pixelPatterns.length > 0) return /[\s\S]/;
  let union = unions.get(passes);
  if (!union) {
    union = new RegExp(passes.map((pass) => `(?:${pass.needle.source})`).join('|'), 'i');
    unions.set(passes, union);
  }
  return union;
}

/**
 * Whether any pass may report on `text`: one scan for all needles (and for
 * character references that could spell one). Sound: false means no pass can
 * report anything, so nothing is parsed.
 */
export function mayNeedCleaning(text: string, settings: RegionSettings): boolean {
  if (settings.passes.length === 0) return false;
  if (settings.prefilter === false) return true;
  settings.needles ??= anyNeedle(settings.passes, settings.options);
  // a disable comment is looked at even where no pass reports: it may be unused
  return settings.needles.test(text) || hasHidingReference(text) || text.includes(DIRECTIVE_NEEDLE);
}

export type RegionKind = 'html' | 'markdown' | 'mdx';

/**
 * A fix as applied, with its span mapped back to the region's input. Its
 * `edits` are emptied once applied: the output holds them.
 */
export interface Fix extends Report {
  severity: 'fix';
  /** The round that applied it (1 for most). */
  round: number;
  /**
   * What its edits replaced, as one span of the input (`start`/`end` are what
   * the report is about, for line and column: a keyword link's start tag,
   * while its edits also take the end tag). Every byte the output changes
   * lies inside the `edited` span of some fix.
   */
  edited: Span;
}

export interface RegionSettings {
  passes: readonly Pass[];
  options: PassOptions;
  /** The needles of all passes in one pattern (see anyNeedle). */
  needles?: RegExp;
  /** Off: every pass parses and looks at every region (to test that the prefilter is sound). */
  prefilter?: boolean;
  maxRounds?: number;
  /** Rewrites an edit's text so the file's encoding can hold it. */
  encodable?: (text: string) => string;
}

export interface RegionResult {
  output: string;
  fixes: Fix[];
  /** Warnings and notices about the final text, mapped back to the input. */
  warnings: Report[];
  rounds: number;
  /** Something the engine itself has to say (cap reached, cycle, a pass bug). */
  problems: Report[];
}

interface View {
  html: string;
  /** When set, every edit must fall inside one of these (sorted) spans. */
  editable?: readonly Span[];
  references: readonly MarkdownReference[];
}

function viewOf(text: string, kind: RegionKind): View {
  return kind === 'html' ? { html: text, references: [] } : readMarkdown(text, kind === 'mdx');
}

/** Whether `[start, end)` lies inside one of the sorted `spans`. */
function inside(start: number, end: number, spans: readonly Span[]): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid]!;
    if (span.end < end) lo = mid + 1;
    else if (span.start > start) hi = mid - 1;
    else return true;
  }
  return false;
}

function outside(report: Report, editable: readonly Span[] | undefined): boolean {
  return editable !== undefined && report.edits.some((edit) => !inside(edit.start, edit.end, editable));
}

const digest = (text: string) => createHash('sha1').update(text).digest('base64');

function problem(message: string, severity: Report['severity'] = 'warning'): Report {
  return { pass: 'engine', message, start: 0, end: 0, severity, edits: [] };
}

export function cleanRegion(input: string, kind: RegionKind, settings: RegionSettings): RegionResult {
  const maxRounds = settings.maxRounds ?? MAX_ROUNDS;
  const maps: OffsetMap[] = [];
  const toInput = (offset: number) => {
    for (let index = maps.length - 1; index >= 0; index--) offset = maps[index]!.toInput(offset);
    return offset;
  };
  // reports are ours (made fresh by runPasses): map them in place
  const mapReport = <R extends Report>(report: R): R => {
    if (maps.length > 0) {
      const end = toInput(Math.max(report.start, report.end));
      report.start = toInput(report.start);
      report.end = end;
    }
    return report;
  };

  const read = (text: string) => {
    const view = viewOf(text, kind);
    return { view, root: parseHtml(view.html) };
  };
  // disable comments: reports they silence are dropped before any edit is made; they are
  // read from the input's tree, which the first round then uses
  let first: ReturnType<typeof read> | undefined;
  const directives = findDirectives(input, () => {
    first = read(input);
    return { root: first.root, editable: first.view.editable };
  });
  const fixes: Fix[] = [];
  const problems: Report[] = [];
  let warnings: Report[] = [];
  // texts met so far, kept as digests once a second round starts
  let earlier: string[] = [];
  const seen = new Set<string>();
  let text = input;
  let rounds = 0;
  for (;;) {
    const active = !mayNeedCleaning(text, settings)
      ? []
      : settings.prefilter === false
        ? [...settings.passes]
        : settings.passes.filter((pass) => pass.mayReport(text, settings.options));
    if (active.length === 0) {
      warnings = [];
      break;
    }
    rounds++;
    const { view, root } = rounds === 1 && first ? first : read(text);
    first = undefined;
    let reports = runPasses(root, view.html, active, settings.options, view.references);
    if (directives) reports = reports.filter((report) => !directives.silenced(report.pass, toInput(report.start)));
    warnings = reports.filter((report) => report.edits.length === 0).map(mapReport);
    let edits = reports.filter((report) => report.edits.length > 0);
    const stray = edits.filter((report) => outside(report, view.editable));
    if (stray.length > 0) {
      edits = edits.filter((report) => !stray.includes(report));
      for (const report of stray) {
        warnings.push(mapReport({ ...report, severity: 'warning', edits: [], message: `kept: Markdown reads this as text, not HTML (would have: ${report.message})` }));
      }
    }
    if (edits.length === 0) break;
    if (settings.encodable) {
      const encodable = settings.encodable;
      edits = edits.map((report) => ({ ...report, edits: report.edits.map((edit) => ({ ...edit, text: encodable(edit.text) })) }));
    }
    const result = applyReports(text, edits);
    if (result.output === text) break;
    (result.applied as Fix[]).forEach((report, index) => {
      // the output holds the edits now; keep the report, not its edit texts
      const span = result.spans[index]!;
      report.edits = [];
      report.round = rounds;
      report.edited = { start: toInput(span.start), end: toInput(span.end) };
      fixes.push(mapReport(report));
    });
    maps.push(new OffsetMap(result.spans));
    text = result.output;
    if (rounds >= maxRounds) {
      problems.push(problem(`still finding edits after ${maxRounds} rounds; stopped`));
      warnings = [];
      break;
    }
    // a cycle needs two rounds at least: digest only from the second on
    if (rounds === 1) {
      earlier = [input, text];
      continue;
    }
    for (const old of earlier) seen.add(digest(old));
    earlier = [];
    const key = digest(text);
    if (seen.has(key)) {
      problems.push(problem('edits undo each other; stopped'));
      break;
    }
    seen.add(key);
  }
  if (directives) warnings.push(...directives.leftovers());
  return { output: text, fixes, warnings, rounds, problems };
}
