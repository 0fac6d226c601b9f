/**
 * The engine's walk and tree against the libraries they stand for: the walk
 * visits exactly what unist-util-visit-parents visits (same elements, same
 * ancestors, same order, code samples not entered), and a tree too deep for
 * one call of hast-util-from-parse5 comes out as one call makes it.
 */
import type { Element, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import { describe, expect, it } from 'vitest';
import { isCodeSample } from '../src/engine/elements.js';
import { parseHtml, parseTree } from '../src/engine/parse-html.js';
import { runPasses, walkElements } from '../src/engine/run-passes.js';
import { fromParse5InSlices, isTooDeepForRecursion } from '../src/engine/to-hast.js';
import type { Pass } from '../src/types.js';
import { openingSpan } from '../src/html/spans.js';

// deep enough that visitParents and one call of hast-util-from-parse5 both run out of stack (both throw from
// some 10 000 levels); 100 000 levels and more: test/enormous-posts.test.ts and scripts/stress.mjs (.ci/run)
const DEEP = 20_000;

const name = (node: Root | Element) => (node.type === 'root' ? '#root' : `${node.tagName}@${openingSpan(node)?.start ?? '-'}`);

function byLibrary(root: Root): string[] {
  const out: string[] = [];
  visitParents(root, 'element', (node, ancestors) => {
    out.push([...ancestors, node].map(name).join('/'));
    return isCodeSample(node) ? SKIP : undefined;
  });
  return out;
}

function byEngine(root: Root): string[] {
  const out: string[] = [];
  walkElements(root, (node, ancestors) => {
    out.push([...ancestors, node].map(name).join('/'));
    return !isCodeSample(node);
  });
  return out;
}

const SAMPLES = [
  '<p>a <a class="keyword" href="http://d.hatena.ne.jp/keyword/x">x</a> <b><i>y</i></b></p><pre class="code">&lt;a&gt;<a>no</a></pre><ul><li>1<li>2</ul>',
  '<!DOCTYPE html><html><head><title>t</title></head><body><table><tr><td><code><b>x</b></code><pre>p</pre></td></tr></table><script>var a = "<a>"</script></body></html>',
  '<b><p>adoption <i>agency</b> rebuilds</i> links</p><a href=x><div>block</div></a><template><a>t</a></template><svg><a href=y>s</a></svg>',
  '<div>'.repeat(50) + '<a herf=x>deep</a>' + '</div>'.repeat(50),
];

describe('the walk', () => {
  it.each(SAMPLES.map((sample, index) => [index, sample]))('visits what visitParents visits (sample %i)', (_index, sample) => {
    const root = parseHtml(sample as string);
    const expected = byLibrary(root);
    expect(expected.length).toBeGreaterThan(3);
    expect(byEngine(root)).toEqual(expected);
  });

  it('walks 20 000 nested elements, in order, with all their ancestors', () => {
    const n = DEEP;
    const root = parseHtml('<div>'.repeat(n) + '<a>x</a>' + '</div>'.repeat(n));
    let count = 0;
    let deepest = 0;
    walkElements(root, (node, ancestors) => {
      count++;
      deepest = Math.max(deepest, ancestors.length);
      return true;
    });
    expect(count).toBe(n + 1);
    expect(deepest).toBe(n + 1);
  });
});

/** A pass that records every element it is shown, with its ancestors. */
function recorder(out: string[]): Pass {
  return {
    name: 'recorder',
    needle: /</,
    mayReport: () => true,
    create: () => ({
      element(node, ancestors) {
        out.push([...ancestors, node].map(name).join('/'));
      },
    }),
  } as unknown as Pass;
}

describe('the passes', () => {
  it.each(SAMPLES.map((sample, index) => [index, sample]))('see what visitParents visits (sample %i)', (_index, sample) => {
    const root = parseHtml(sample as string);
    expect(isTooDeepForRecursion(root)).toBe(false);
    const seen: string[] = [];
    runPasses(root, sample as string, [recorder(seen)], { keywordHosts: [], pixelPatterns: [] });
    expect(seen).toEqual(byLibrary(root));
  });

  it('are walked by visitParents up to 400 levels of nesting, by the iterative walk beyond', () => {
    expect(isTooDeepForRecursion(parseHtml('<div>'.repeat(300) + 'x'))).toBe(false);
    expect(isTooDeepForRecursion(parseHtml('<div>'.repeat(500) + 'x'))).toBe(true);
  });

  it('see every element of a tree too deep for visitParents (20 000 levels), with all its ancestors', () => {
    const n = DEEP;
    const text = '<div>'.repeat(n) + '<a>x</a>' + '</div>'.repeat(n);
    const root = parseHtml(text);
    expect(isTooDeepForRecursion(root)).toBe(true);
    expect(() => visitParents(root, 'element', () => undefined)).toThrow(RangeError);
    let count = 0;
    let deepest = 0;
    const pass = {
      name: 'counter',
      needle: /</,
      mayReport: () => true,
      create: () => ({
        element(_node: Element, ancestors: readonly unknown[]) {
          count++;
          deepest = Math.max(deepest, ancestors.length);
        },
      }),
    } as unknown as Pass;
    runPasses(root, text, [pass], { keywordHosts: [], pixelPatterns: [] });
    expect(count).toBe(n + 1);
    expect(deepest).toBe(n + 1);
  });
});

describe('the tree', () => {
  it('converted in slices is the tree one call of hast-util-from-parse5 makes', () => {
    // 1 000 levels: cut twice (slices of 400), and still within one call's reach
    const n = 1000;
    const text = '<div>'.repeat(n) + '<p>x<a href="y">z</a><!-- c -->' + '</div>'.repeat(n) + '<i>tail';
    const strip = (node: unknown): unknown => JSON.parse(JSON.stringify(node, (key, value) => (key === 'data' ? undefined : value)));
    expect(strip(fromParse5InSlices(parseTree(text)))).toEqual(strip(fromParse5(parseTree(text))));
  });

  it('of 20 000 nested elements is made (one call of hast-util-from-parse5 runs out of stack) with every level located', () => {
    const n = DEEP;
    expect(() => fromParse5(parseTree('<div>'.repeat(n) + 'x'))).toThrow(RangeError);
    const root = parseHtml('<div>'.repeat(n) + 'x');
    let levels = 0;
    let located = 0;
    walkElements(root, (node) => {
      levels++;
      if (openingSpan(node)?.start === (levels - 1) * 5) located++;
      return true;
    });
    expect(levels).toBe(n);
    expect(located).toBe(n);
  });
});
