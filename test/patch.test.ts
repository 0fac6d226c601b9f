import fc from 'fast-check';
import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../src/engine/clean-post.js';
import { filePatch } from '../src/report/patch.js';

/** Rewrite random spans of `before`; return `after` and the segments that changed. */
function rewrite(before: string, cuts: readonly [number, number, string][]): { after: string; segments: Segment[] } {
  const spans = cuts
    .map(([a, b, text]) => ({ start: Math.min(a, b) % (before.length + 1), end: Math.max(a, b) % (before.length + 1), text }))
    .map((span) => ({ ...span, end: Math.max(span.start, span.end) }))
    .sort((x, y) => x.start - y.start);
  const disjoint: typeof spans = [];
  for (const span of spans) if (!disjoint.length || span.start >= disjoint.at(-1)!.end) disjoint.push(span);
  let after = '';
  let cursor = 0;
  const segments: Segment[] = [];
  for (const span of disjoint) {
    after += before.slice(cursor, span.start);
    segments.push({ start: span.start, end: span.end, text: span.text });
    after += span.text;
    cursor = span.end;
  }
  after += before.slice(cursor);
  return { after, segments };
}

const line = fc.stringMatching(/^[a-c <>]{0,6}$/);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const text = fc.array(fc.tuple(line, eol), { maxLength: 30 }).chain((lines) =>
  fc.tuple(fc.constant(lines.map(([l, e]) => l + e).join('')), fc.boolean()).map(([t, chopEnd]) => (chopEnd ? t.replace(/(\r\n|\r|\n)$/, '') : t)),
);
const cuts = fc.array(fc.tuple(fc.nat(400), fc.nat(400), fc.stringMatching(/^[x\n]{0,4}$/)), { maxLength: 5 });

describe('filePatch', () => {
  it('gives a patch that turns before into after, diffed by segments or as one', () => {
    fc.assert(
      fc.property(text, cuts, (before, changes) => {
        const { after, segments } = rewrite(before, changes);
        if (after === before) return;
        const whole = [{ start: 0, end: before.length, text: after }];
        for (const patch of [filePatch('post.html', before, segments), filePatch('post.html', before, whole)]) {
          expect(patch.startsWith('diff --git a/post.html b/post.html\n--- a/post.html\n+++ b/post.html\n')).toBe(true);
          expect(applyPatch(before, patch)).toBe(after);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('names files as git does: no leading ./ or /', () => {
    const change = [{ start: 0, end: 1, text: 'b' }];
    expect(filePatch('./posts/a.html', 'a\n', change)).toMatch(/^diff --git a\/posts\/a\.html b\/posts\/a\.html\n/);
    expect(filePatch('/srv/blog/a.html', 'a\n', change)).toMatch(/^diff --git a\/srv\/blog\/a\.html b\/srv\/blog\/a\.html\n/);
  });

  it('writes names as git does with core.quotePath=false: UTF-8 as it is, a tab after a name with a space', () => {
    expect(filePatch('記事 [1].md', 'a\n', [{ start: 0, end: 1, text: 'b' }])).toMatch(/^diff --git a\/記事 \[1\]\.md b\/記事 \[1\]\.md\n--- a\/記事 \[1\]\.md\t\n\+\+\+ b\/記事 \[1\]\.md\t\n@@ /);
    expect(filePatch('a"b.md', 'a\n', [{ start: 0, end: 1, text: 'b' }])).toMatch(/^diff --git "a\/a\\"b\.md" "b\/a\\"b\.md"\n/);
  });
});
