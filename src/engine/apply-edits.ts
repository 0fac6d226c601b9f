/**
 * Splice the edits of reports into a text, ESLint style.
 *
 * The edits of one report are merged into a single span (they are applied
 * together or not at all). Spans are taken in order of (start, end, report
 * order); a span that overlaps one already taken waits for the next round.
 * Touching spans are fine, and so are several insertions at one offset.
 * Nothing outside the accepted spans changes: the output is built from
 * untouched slices of the input and the edits' texts.
 */
import type { Report, TextEdit } from '../types.js';

export interface ApplyResult<R extends Pick<Report, 'edits'>> {
  output: string;
  /** Reports whose edits went in, in text order. */
  applied: R[];
  /** Reports that overlapped an accepted one: try again on the new text. */
  deferred: R[];
  /** The accepted spans, sorted, for mapping offsets back to the input. */
  spans: TextEdit[];
}

/** Merge the edits of one report into one span covering all of them. */
export function mergeEdits(text: string, edits: readonly TextEdit[]): TextEdit {
  if (edits.length === 1) return edits[0]!;
  let inOrder = true;
  for (let index = 1; index < edits.length && inOrder; index++) inOrder = edits[index - 1]!.start <= edits[index]!.start;
  const sorted = inOrder ? edits : [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = sorted[0]!.start;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`edits of one report overlap at ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return { start: sorted[0]!.start, end: cursor, text: out };
}

function checkEdit(text: string, edit: TextEdit): void {
  const { start, end } = edit;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
    throw new RangeError(`edit out of range: [${start}, ${end}) on a text of ${text.length}`);
  }
}

/** Apply the reports' edits to `text`. Reports without edits are ignored. */
export function applyReports<R extends Pick<Report, 'edits'>>(text: string, reports: readonly R[]): ApplyResult<R> {
  const candidates: { span: TextEdit; report: R; seq: number }[] = [];
  reports.forEach((report, seq) => {
    if (report.edits.length === 0) return;
    for (const edit of report.edits) checkEdit(text, edit);
    candidates.push({ span: mergeEdits(text, report.edits), report, seq });
  });
  candidates.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.seq - b.seq);

  const applied: R[] = [];
  const deferred: R[] = [];
  const spans: TextEdit[] = [];
  const chunks: string[] = [];
  let cursor = 0;
  for (const { span, report } of candidates) {
    if (span.start < cursor) {
      deferred.push(report);
      continue;
    }
    chunks.push(text.slice(cursor, span.start), span.text);
    cursor = span.end;
    spans.push(span);
    applied.push(report);
  }
  chunks.push(text.slice(cursor));
  return { output: chunks.join(''), applied, deferred, spans };
}

/**
 * Maps offsets in the output of one round back to offsets in its input.
 * An offset inside inserted text maps to the start of the span it replaced.
 */
export class OffsetMap {
  /** Output offsets where each span's text starts. */
  private readonly outStarts: number[] = [];

  constructor(private readonly spans: readonly TextEdit[]) {
    let delta = 0;
    for (const span of spans) {
      this.outStarts.push(span.start + delta);
      delta += span.text.length - (span.end - span.start);
    }
  }

  toInput(offset: number): number {
    // last span whose output start is <= offset
    let lo = 0;
    let hi = this.outStarts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.outStarts[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return offset;
    const span = this.spans[found]!;
    const outStart = this.outStarts[found]!;
    const within = offset - outStart;
    if (within < span.text.length) return span.start + Math.min(within, span.end - span.start);
    return span.end + (within - span.text.length);
  }
}
