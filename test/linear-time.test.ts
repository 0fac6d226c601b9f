/**
 * Time grows linearly with the size of a post, whatever its shape: each case
 * is cleaned at n and 4n and the ratio of the times must stay far below the
 * 16 that quadratic work gives. Each shape here once took quadratic or
 * exponential time (deep ancestry walked per link, siblings searched per
 * <pre>, regular expressions that backtrack), so each would fail again if
 * that came back. The fix counts show the work was really done.
 */
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { cleanString } from '../src/engine/clean-string.js';
import { parseHtml } from '../src/engine/parse-html.js';
import { runPasses } from '../src/engine/run-passes.js';
import { selectPasses, type PassSettings } from '../src/passes/index.js';
import type { Report } from '../src/types.js';
import { growth } from './helpers/growth.js';

const KEYWORD = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>';
const PASTED = '<pre>&lt;li&gt;&lt;a href="https://example.com/a" rel="nofollow"&gt;読んだ本の一覧と感想をここにまとめています&lt;/a&gt;&lt;/li&gt;</pre>\n';
const LIVE = '<p><a href="https://example.com/b" rel="nofollow">live</a></p>\n';
/** Linear work gives about 4; quadratic 16. */
const BOUND = 10;

function clean(text: string) {
  return cleanString(text, { path: 'post.html', keepFixes: false });
}

/** The whole engine on a post of size n and 4n; `fixes` says how many fixes n gives. */
function expectLinear(name: string, make: (n: number) => string, n: number, fixes: (n: number) => number) {
  it(name, () => {
    const once = clean(make(n));
    expect(once.problems).toEqual([]);
    expect(once.tally.total).toBe(fixes(n));
    const measured = growth(make, (text) => clean(text), n);
    expect(measured.ratio, `${measured.small.toFixed(0)} ms at n, ${measured.big.toFixed(0)} ms at 4n`).toBeLessThan(BOUND);
  });
}

/**
 * One pass's visit of a parsed post at n and 4n, the parse left out of the
 * timing, so that the pass's own work shows; `expected` checks its reports.
 */
function expectPassLinear(name: string, pass: string, make: (n: number) => string, n: number, expected: (reports: Report[], n: number) => void, settings?: PassSettings) {
  it(name, () => {
    const passes = selectPasses([pass], undefined, undefined, settings);
    const parsed = (size: number) => {
      const text = make(size);
      return { text, root: parseHtml(text) };
    };
    const run = ({ text, root }: ReturnType<typeof parsed>) => runPasses(root, text, passes, { keywordHosts: [], pixelPatterns: [] });
    expected(run(parsed(n)), n);
    const measured = growth(parsed, run, n);
    expect(measured.ratio, `${measured.small.toFixed(0)} ms at n, ${measured.big.toFixed(0)} ms at 4n`).toBeLessThan(BOUND);
  });
}

describe('each pass visits a post in linear time', () => {
  expectPassLinear('keyword-links: links nested n deep', 'keyword-links', (n) => '<div>'.repeat(n) + KEYWORD.repeat(n) + '</div>'.repeat(n), 8000, (reports, n) => {
    expect(reports.filter((report) => report.edits.length > 0)).toHaveLength(n);
  });

  // "例:" before each <pre> introduces code: each is kept with a warning, after the checks that used to be quadratic
  const keptAll = (reports: Report[], n: number) => {
    expect(reports).toHaveLength(n);
    expect(reports.every((report) => /introduces code/.test(report.message))).toBe(true);
  };
  expectPassLinear('pre-escaped-html: <pre>s nested n deep', 'pre-escaped-html', (n) => '<div>'.repeat(n) + ('例:' + PASTED).repeat(n) + '</div>'.repeat(n), 4000, keptAll);
  expectPassLinear('pre-escaped-html: <pre>s among many siblings', 'pre-escaped-html', (n) => ('<br>'.repeat(10) + '例:' + PASTED).repeat(n), 6000, keptAll);
  expectPassLinear('pre-escaped-html: <pre>s between tables', 'pre-escaped-html', (n) => ('<table><tr><td>x</td></tr></table>例:' + PASTED).repeat(n), 6000, keptAll);

  const fixes = (count: (n: number) => number) => (reports: Report[], n: number) => expect(reports.filter((report) => report.edits.length > 0)).toHaveLength(count(n));
  const CARD =
    '<iframe src="https://hatenablog-parts.com/embed?url=https%3A%2F%2Fexample.com%2F" title="例" class="embed-card embed-webcard"></iframe><cite class="hatena-citation"><a href="https://example.com/">example.com</a></cite>';
  expectPassLinear('blog-cards: cards side by side in one paragraph', 'blog-cards', (n) => `<p>${CARD.repeat(n)}</p>`, 1500, fixes((n) => 2 * n));
  expectPassLinear('blog-cards: cards nested n deep', 'blog-cards', (n) => '<div>'.repeat(n) + CARD.repeat(n) + '</div>'.repeat(n), 1500, fixes((n) => 2 * n));
  const ASIN_ITEM = '<li><a href="http://d.hatena.ne.jp/asin/4000000011/x-22">この商品を含むブログを見る</a></li>';
  expectPassLinear('asin-links: list items side by side in one list', 'asin-links', (n) => `<ul>${ASIN_ITEM.repeat(n)}</ul>`, 2000, fixes((n) => n));
  const IMAGE = '<img src="http://cdn-ak.f.st-hatena.com/images/fotolife/e/example/20150101/20150101000000.jpg" alt="f:id:example:20150101000000j:plain">';
  expectPassLinear('https-images: images in a link nested n deep', 'https-images', (n) => '<a href="https://example.com/">' + '<span>'.repeat(n) + IMAGE.repeat(n) + '</span>'.repeat(n) + '</a>', 2000, fixes((n) => n));
  const PHOTO = `<span itemscope itemtype="http://schema.org/Photograph"><a href="http://f.hatena.ne.jp/example/20150101000000" class="hatena-fotolife">${IMAGE}</a></span>`;
  expectPassLinear('fotolife-links: wrapped pictures side by side in one paragraph', 'fotolife-links', (n) => `<p>${PHOTO.repeat(n)}</p>`, 2000, fixes((n) => 3 * n));
});

describe('cleaning time grows linearly', () => {
  expectLinear('escaped <pre>s restored side by side', (n) => LIVE + PASTED.repeat(n), 1000, (n) => n);

  expectLinear('an escaped <pre> with n escaped tags that never close', (n) => `<pre>&lt;li&gt;x${' &lt;p'.repeat(n)}</pre>`, 60000, () => 0);

  expectLinear('<pre> start tags with long attribute names that never close', (n) => `&lt;p&gt; ${KEYWORD}\n` + `<pre ${'a'.repeat(60)}"\n`.repeat(n), 5000, () => 1);

  expectLinear('a post that starts with many comments', (n) => ('<!-- c -->'.repeat(20) + KEYWORD).repeat(n), 2000, (n) => n);

  expectLinear('keyword links in one paragraph (100 000 at 4n)', (n) => `<p>${KEYWORD.repeat(n)}</p>\n`, 25000, (n) => n);

  expectLinear('elements nested n deep (100 000 at 4n)', (n) => '<div>'.repeat(n) + KEYWORD + '</div>'.repeat(n), 25000, () => 1);

  expectLinear(
    'one line of dense markup (1 MB, then 4 MB)',
    (n) => `<p>${KEYWORD} and <a herf="https://example.com/" target="_brank">x</a> 0 -&gt; 1</p>`.repeat(n),
    8000,
    (n) => 3 * n,
  );

  it('one line of dense markup, from its bytes (the path big UTF-8 posts take)', () => {
    const make = (n: number) => Buffer.from(`<p>${KEYWORD} and <a herf="https://example.com/" target="_brank">x</a></p>`.repeat(n));
    const passes = selectPasses();
    const run = (bytes: Buffer) => cleanBytes(bytes, 'post.html', { passes, keepFixes: false, byteRegionsFrom: 0 });
    expect(run(make(100)).tally.total).toBe(300);
    const measured = growth(make, run, 8000);
    expect(measured.ratio, `${measured.small.toFixed(0)} ms at n, ${measured.big.toFixed(0)} ms at 4n`).toBeLessThan(BOUND);
  });
});

describe('Hatena notation is found in linear time', () => {
  const notation = (n: number) => '>||\n((脚注))\n[f:id:a:20200101000000p:image]\n>http://example.jp/>\n'.repeat(n) + '||<\n<<\n';
  it('many openers, footnotes and photos, closers only at the end', async () => {
    const { findNotation } = await import('../src/formats/hatena-notation.js');
    expect(findNotation(notation(10), 'html').length).toBeGreaterThan(30);
    const measured = growth(notation, (text) => findNotation(text, 'html'), 20000, 4, 5);
    expect(measured.ratio, `${measured.small.toFixed(0)} ms at n, ${measured.big.toFixed(0)} ms at 4n`).toBeLessThan(BOUND);
  });
});
