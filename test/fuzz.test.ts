/**
 * Properties of blogfix over generated posts (helpers/post-arbitrary.ts: every
 * defect in every context, attributes in any order and quoting, malformed
 * markup around them):
 * - it never throws, and the engine has nothing to complain about;
 * - a second run changes nothing;
 * - with every pass off, the bytes come back identical;
 * - every changed character lies inside the span a fix says it edited;
 * - code samples and comments (HTML's and Markdown's) are untouched;
 * - the visible text is the same (tracking pixels have none);
 * - nothing active (scripts, handlers, javascript: URLs...) is added;
 * - in HTML posts no defect is left outside code samples and comments.
 * Runs: FUZZ_RUNS (default 300) per property; a failure prints its seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { cleanString } from '../src/engine/clean-string.js';
import type { Fix } from '../src/engine/clean-region.js';
import { parseTree } from '../src/engine/parse-html.js';
import { parseKeywordUrl } from '../src/hatena/keyword-url.js';
import { matchPixelUrl, isTiny } from '../src/hatena/pixels.js';
import type { DefaultTreeAdapterMap } from 'parse5';
import { selectPasses } from '../src/passes/index.js';
import { activeMarkup } from './helpers/active-markup.js';
import { changedOnlyInside, visibleText } from './helpers/changes.js';
import { generatedPost, type GeneratedPost } from './helpers/post-arbitrary.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const settings = { numRuns: RUNS };

const clean = (post: GeneratedPost) => cleanString(post.text, { path: post.path });

type ChildNode = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];

// the oracle reads parse5's tree itself, independently of the engine's hast
const attribute = (node: Element, name: string) => node.attrs.find((attr) => attr.name === name && !attr.prefix)?.value;
const CODE_ELEMENTS = new Set(['code', 'kbd', 'samp', 'script', 'style', 'textarea', 'template', 'xmp', 'listing', 'plaintext']);
const isCodeSample = (node: Element) =>
  CODE_ELEMENTS.has(node.tagName) || (node.tagName === 'pre' && node.attrs.some((attr) => attr.name === 'class' || attr.name.startsWith('data-')));

/** Defects an HTML post still has outside code samples (comments are not elements). */
function classTokens(element: Element): string[] {
  return (attribute(element, 'class') ?? '').split(/[\t\n\f\r ]+/);
}

function defectsLeft(html: string): string[] {
  const left: string[] = [];
  const stack: ChildNode[] = [...parseTree(html).childNodes];
  while (stack.length) {
    const node = stack.pop()!;
    if (!('tagName' in node)) continue;
    const element = node as Element;
    if (isCodeSample(element)) continue;
    const href = attribute(element, 'href');
    if (element.tagName === 'a' && href !== undefined && parseKeywordUrl(href) && classTokens(element).some((token) => token === 'keyword' || token === 'okeyword')) left.push('keyword link');
    const herf = attribute(element, 'herf');
    if (herf !== undefined && (href === undefined || href.trim() === herf.trim())) left.push('herf');
    for (const name of ['target', 'targe', 'taraget']) {
      const value = attribute(element, name)?.trim().toLowerCase();
      if (value === '_brank' || value === 'brank') left.push(`${name}=${value}`);
    }
    const src = attribute(element, 'src');
    const pixel = element.tagName === 'img' && src !== undefined ? matchPixelUrl(src) : undefined;
    if (pixel && !pixel.suspect && (pixel.always || isTiny(attribute(element, 'width'), attribute(element, 'height'), attribute(element, 'style')))) left.push(`pixel ${pixel.network}`);
    stack.push(...element.childNodes);
  }
  return left;
}

describe('properties of generated posts', () => {
  it('never throw; the engine reports no problem', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        const result = clean(post);
        expect(result.problems).toEqual([]);
      }),
      settings,
    );
  });

  it('are idempotent: a second run changes nothing', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        const once = clean(post);
        const twice = cleanString(once.output, { path: post.path });
        expect(twice.fixes.map((fix) => fix.message)).toEqual([]);
        expect(twice.output).toBe(once.output);
      }),
      settings,
    );
  });

  it('come back byte-identical with every pass off', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        const bytes = Buffer.from(post.text);
        const result = cleanBytes(bytes, post.path, { passes: [], path: post.path, byteRegionsFrom: 0 });
        expect(result.output.equals(bytes)).toBe(true);
        expect(cleanString(post.text, { path: post.path, passes: [] }).output).toBe(post.text);
      }),
      settings,
    );
  });

  it('change nothing outside the spans their fixes report as edited', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        const result = clean(post);
        const spans = result.fixes.map((fix: Fix) => fix.edited);
        expect(changedOnlyInside(post.text, result.output, spans), JSON.stringify(result.fixes.map((fix) => [fix.pass, fix.edited]))).toBe(true);
        // and each span is what a fix of its kind touches: a later round's fix lies in text an earlier one
        // rewrote (mapped back into its span), or on text of the input as it was
        const earlier = (fix: Fix) => result.fixes.some((other) => other.round < fix.round && other.edited.start <= fix.edited.start && fix.edited.end <= other.edited.end);
        for (const fix of result.fixes) {
          if (fix.round > 1 && earlier(fix)) continue;
          const edited = post.text.slice(fix.edited.start, fix.edited.end);
          if (fix.pass === 'keyword-links') expect(edited).toMatch(/^<a\b[\s\S]*<\/a\s*>$/i);
          if (fix.pass === 'affiliate-pixels') expect(edited).toMatch(/^<img\b[^>]*>$/i);
          if (fix.pass === 'pre-escaped-html') expect(edited).toMatch(/^<pre\b[\s\S]*<\/pre\s*>$/i);
          if (fix.pass === 'herf') expect(edited).toMatch(/^\s?herf(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?$/i);
          if (fix.pass === 'blank-target') expect(edited).toMatch(/^(?:(?:targe|taraget)(?:\s*=\s*["']?)?)?\s*_?brank\s*$|^(?:targe|taraget)$/i);
        }
      }),
      settings,
    );
  });

  it('leave code samples and comments exactly as they were', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        const output = clean(post).output;
        for (const code of post.untouchable) expect(output).toContain(code);
      }),
      settings,
    );
  });

  it('keep their visible text', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        expect(visibleText(clean(post).output)).toBe(visibleText(post.text));
      }),
      settings,
    );
  });

  it('gain no active markup', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        if (post.path.endsWith('.md')) return;
        expect(activeMarkup(clean(post).output).length).toBeLessThanOrEqual(activeMarkup(post.text).length);
      }),
      settings,
    );
  });

  it('keep no defect outside code samples and comments (HTML posts)', () => {
    fc.assert(
      fc.property(generatedPost, (post) => {
        if (post.path.endsWith('.md')) return;
        expect(defectsLeft(clean(post).output)).toEqual([]);
      }),
      settings,
    );
  });

  it('the span check itself: a change outside every span is caught, one inside is not', () => {
    expect(changedOnlyInside('abc<x>def', 'abcdef', [{ start: 3, end: 6 }])).toBe(true);
    expect(changedOnlyInside('abc<x>def', 'abXdef', [{ start: 3, end: 6 }])).toBe(false);
    expect(changedOnlyInside('abc<x>def<y>gh', 'abcdefZZgh', [{ start: 3, end: 6 }, { start: 9, end: 12 }])).toBe(true);
    expect(changedOnlyInside('abc<x>def<y>gh', 'abcdeZZgh', [{ start: 3, end: 6 }, { start: 9, end: 12 }])).toBe(false);
    expect(changedOnlyInside('same', 'same', [])).toBe(true);
    expect(changedOnlyInside('same', 'Same', [])).toBe(false);
  });
});
