/**
 * Clean one region (the HTML of a post, a Markdown body, one entry's body)
 * in rounds, ESLint style: parse, let every pass report, apply the edits that
 * do not overlap, and go again on the new text until no pass has an edit.
 * Reaching the cap or coming back to an earlier text is reported.
 */
import { createHash } from 'node:crypto';
import { readMarkdown } from '../formats/markdown.js';
import type { Span } from '../hast.js';
import type { MarkdownReference, Pass, PassOptions, Report } from '../types.js';
import { applyReports, OffsetMap } from './apply-edits.js';
import { parseHtml } from './parse-html.js';
import { runPasses } from './run-passes.js';

export const MAX_ROUNDS = 10;

export type RegionKind = 'html' | 'markdown';

/** A fix as applied, with its span mapped back to the region's input. */
export interface Fix extends Report {
  round: number;
}

export interface RegionSettings {
  passes: readonly Pass[];
  options: PassOptions;
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
  protectedSpans: readonly Span[];
  references: readonly MarkdownReference[];
}

function viewOf(text: string, kind: RegionKind): View {
  return kind === 'markdown' ? readMarkdown(text) : { html: text, protectedSpans: [], references: [] };
}

/** Whether an edit reaches into a protected span (an insertion counts when strictly inside). */
function touches(report: Report, spans: readonly Span[]): boolean {
  return report.edits.some((edit) =>
    spans.some((span) =>
      edit.start === edit.end ? span.start < edit.start && edit.start < span.end : edit.start < span.end && span.start < edit.end,
    ),
  );
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
  const mapReport = <R extends Report>(report: R): R => ({ ...report, start: toInput(report.start), end: toInput(Math.max(report.start, report.end)) });

  const fixes: Fix[] = [];
  const problems: Report[] = [];
  let warnings: Report[] = [];
  // texts met so far, kept as digests once a second round starts
  let earlier: string[] = [];
  const seen = new Set<string>();
  let text = input;
  let rounds = 0;
  for (;;) {
    const active = settings.passes.filter((pass) => pass.mayReport(text, settings.options));
    if (active.length === 0) {
      warnings = [];
      break;
    }
    rounds++;
    const view = viewOf(text, kind);
    const reports = runPasses(parseHtml(view.html), view.html, active, settings.options, view.references);
    warnings = reports.filter((report) => report.edits.length === 0).map(mapReport);
    let edits = reports.filter((report) => report.edits.length > 0);
    const intruding = edits.filter((report) => touches(report, view.protectedSpans));
    if (intruding.length > 0) {
      edits = edits.filter((report) => !intruding.includes(report));
      for (const report of intruding) problems.push(mapReport({ ...problem(`${report.pass} tried to edit inside code; ignored`), start: report.start, end: report.end }));
    }
    if (edits.length === 0) break;
    if (settings.encodable) {
      const encodable = settings.encodable;
      edits = edits.map((report) => ({ ...report, edits: report.edits.map((edit) => ({ ...edit, text: encodable(edit.text) })) }));
    }
    const result = applyReports(text, edits);
    if (result.output === text) break;
    for (const report of result.applied) fixes.push({ ...mapReport(report), round: rounds });
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
  return { output: text, fixes, warnings, rounds, problems };
}
