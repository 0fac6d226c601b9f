import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReports, mergeEdits, OffsetMap } from '../src/engine/apply-edits.js';
import type { TextEdit } from '../src/types.js';

const report = (...edits: TextEdit[]) => ({ edits });

describe('applyReports', () => {
  it('splices edits into the text and leaves the rest alone', () => {
    const result = applyReports('<a x>k</a> and <b>', [report({ start: 0, end: 5, text: '' }, { start: 6, end: 10, text: '' }), report({ start: 15, end: 18, text: '<i>' })]);
    expect(result.output).toBe('k and <i>');
    expect(result.applied).toHaveLength(2);
    expect(result.deferred).toHaveLength(0);
  });

  it('defers a report that overlaps one already taken, whole', () => {
    const outer = report({ start: 0, end: 3, text: '' }, { start: 10, end: 14, text: '' });
    const inner = report({ start: 5, end: 8, text: 'X' });
    const result = applyReports('<a>ab<i>cd</a>', [outer, inner]);
    expect(result.applied).toEqual([outer]);
    expect(result.deferred).toEqual([inner]);
    expect(result.output).toBe('ab<i>cd');
  });

  it('takes touching edits and several insertions at one offset, in report order', () => {
    const result = applyReports('abc', [report({ start: 1, end: 1, text: 'X' }), report({ start: 1, end: 1, text: 'Y' }), report({ start: 1, end: 2, text: 'Z' })]);
    expect(result.output).toBe('aXYZc');
  });

  it('rejects edits outside the text', () => {
    expect(() => applyReports('abc', [report({ start: 2, end: 9, text: '' })])).toThrow(RangeError);
  });

  it('refuses edits of one report that overlap each other', () => {
    expect(() => mergeEdits('abcdef', [{ start: 0, end: 3, text: '' }, { start: 2, end: 4, text: '' }])).toThrow(/overlap/);
  });
});

const textAndEdits = fc.string({ maxLength: 60 }).chain((text) =>
  fc.tuple(
    fc.constant(text),
    fc.array(
      fc.tuple(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 5 })).map(([a, b, t]) => ({ start: Math.min(a, b), end: Math.max(a, b), text: t })),
      { maxLength: 8 },
    ),
  ),
);

describe('applyReports properties', () => {
  it('applies disjoint spans only, and equals a naive right-to-left splice of them', () => {
    fc.assert(
      fc.property(textAndEdits, ([text, edits]) => {
        const result = applyReports(text, edits.map((edit) => report(edit)));
        const taken = result.applied.map((r) => r.edits[0]!).sort((a, b) => a.start - b.start || a.end - b.end);
        for (let i = 1; i < taken.length; i++) expect(taken[i]!.start).toBeGreaterThanOrEqual(taken[i - 1]!.end);
        let naive = text;
        for (const edit of [...taken].reverse()) naive = naive.slice(0, edit.start) + edit.text + naive.slice(edit.end);
        expect(result.output).toBe(naive);
        expect(result.applied.length + result.deferred.length).toBe(edits.length);
      }),
    );
  });

  it('is the identity without edits', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(applyReports(text, []).output).toBe(text);
      }),
    );
  });

  it('maps every untouched offset of the output back to the same character of the input', () => {
    fc.assert(
      fc.property(textAndEdits, ([text, edits]) => {
        const result = applyReports(text, edits.map((edit) => report(edit)));
        const map = new OffsetMap(result.spans);
        let out = 0;
        let cursor = 0;
        for (const span of result.spans) {
          for (let i = cursor; i < span.start; i++, out++) expect(map.toInput(out)).toBe(i);
          out += span.text.length;
          cursor = span.end;
        }
        for (let i = cursor; i < text.length; i++, out++) expect(map.toInput(out)).toBe(i);
      }),
    );
  });
});
