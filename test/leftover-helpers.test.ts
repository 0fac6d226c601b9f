/**
 * The URL readers behind the leftover passes, on the edge cases the fixtures
 * only touch: own-blog permalinks, blog card sources, Fotolife ids, srcset
 * candidates, Markdown destinations and whole lines.
 */
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../src/formats/markdown.js';
import { markdownAlt, markdownDestination } from '../src/formats/markdown-destination.js';
import { isAsinLeftoverText, isAsinUrl } from '../src/hatena/asin.js';
import { cardTarget } from '../src/hatena/blog-card.js';
import { isFotolifeId, isFotolifePageUrl } from '../src/hatena/fotolife.js';
import { OwnBlogs, ownBlogProblem } from '../src/hatena/own-blogs.js';
import { wholeLines } from '../src/text/line-span.js';
import { srcsetUrls } from '../src/text/srcset.js';

describe('OwnBlogs', () => {
  const blogs = new OwnBlogs([
    { url: 'http://d.hatena.ne.jp/example', from: '/YYYYMMDD/ID', to: '/YYYY/MM/DD/ID/' },
    { url: 'https://Example.hateblo.jp/', from: '/entry/YYYY/MM/DD/ID', to: 'https://new.example.com/YYYY-MM-DD-ID' },
  ]);

  it('maps a permalink whatever its scheme, host case, trailing slash; keeps the fragment', () => {
    expect(blogs.map('http://d.hatena.ne.jp/example/20071225/1198547820')).toEqual({ kind: 'mapped', to: '/2007/12/25/1198547820/' });
    expect(blogs.map('https://D.Hatena.ne.jp:443/example/20071225/p1/#c1')).toEqual({ kind: 'mapped', to: '/2007/12/25/p1/#c1' });
    expect(blogs.map('//example.hateblo.jp/entry/2015/12/28/150042')).toEqual({ kind: 'mapped', to: 'https://new.example.com/2015-12-28-150042' });
  });

  it('leaves other blogs alone, and says why it keeps a link to the old blog', () => {
    expect(blogs.map('http://d.hatena.ne.jp/example2/20071225/1198547820')).toBeUndefined();
    expect(blogs.map('http://d.hatena.ne.jp/keyword/example')).toBeUndefined();
    expect(blogs.map('https://example.hateblo.jp.evil.example/entry/2015/12/28/150042')).toBeUndefined();
    expect(blogs.map('/entry/2015/12/28/150042')).toBeUndefined();
    expect(blogs.map('http://d.hatena.ne.jp/example/')).toEqual({ kind: 'unmapped', reason: 'no "from" pattern of ownBlogs matches it' });
    expect(blogs.map('https://example.hateblo.jp/entry/2015/12/28/150042?ref=x')).toEqual({ kind: 'unmapped', reason: 'it has a query string' });
    // MM is two digits: a path that does not fit stays
    expect(blogs.map('http://d.hatena.ne.jp/example/2007125/1')?.kind).toBe('unmapped');
  });

  it('checks its entries', () => {
    expect(ownBlogProblem({ url: 'https://example.hateblo.jp', from: '/entry/ID', to: '/ID/' })).toBeUndefined();
    expect(ownBlogProblem({ url: 'https://example.hateblo.jp', from: '/entry/ID/ID', to: '/ID/' })).toMatch(/placeholder twice/);
    expect(ownBlogProblem({ url: 'https://example.hateblo.jp', from: '/entry/ID', to: '/a b/' })).toMatch(/without spaces/);
  });
});

describe('cardTarget', () => {
  it('reads both forms of a card', () => {
    expect(cardTarget('https://hatenablog-parts.com/embed?url=https%3A%2F%2Fa.example%2Fx%3Fq%3D1%26r%3D2')).toEqual({ url: 'https://a.example/x?q=1&r=2', form: 'parts' });
    expect(cardTarget('//hatenablog-parts.com/embed?url=https://a.example/2018/')).toEqual({ url: 'https://a.example/2018/', form: 'parts' });
    expect(cardTarget('https://b.hateblo.jp/embed/2019/03/04/120000')).toEqual({ url: 'https://b.hateblo.jp/entry/2019/03/04/120000', form: 'embed-path' });
  });

  it('refuses what is not an http(s) page', () => {
    expect(cardTarget('https://hatenablog-parts.com/embed?url=javascript%3Aalert(1)')).toBeUndefined();
    expect(cardTarget('https://hatenablog-parts.com/embed?url=%E0%A4%A')).toBeUndefined();
    expect(cardTarget('https://hatenablog-parts.com/other?url=https%3A%2F%2Fa.example%2F')).toBeUndefined();
  });
});

describe('Hatena ids and URLs', () => {
  it('asin links and their text', () => {
    expect(isAsinUrl('http://d.hatena.ne.jp/asin/4000000011/x-22')).toBe(true);
    expect(isAsinUrl('https://www.amazon.co.jp/exec/obidos/ASIN/4000000011/')).toBe(false);
    expect(isAsinLeftoverText('この商品を含むブログ (12件) を見る')).toBe(true);
    expect(isAsinLeftoverText('この商品を含むブログを見る')).toBe(true);
    expect(isAsinLeftoverText('この商品を含むブログを見るには')).toBe(false);
  });

  it('Fotolife pages and ids', () => {
    expect(isFotolifePageUrl('http://f.hatena.ne.jp/example/20170614171608')).toBe(true);
    expect(isFotolifePageUrl('http://f.hatena.ne.jp/example/')).toBe(false);
    expect(isFotolifeId('f:id:ex-ample:20200805215246p:plain:w300')).toBe(true);
    expect(isFotolifeId('f:id は Fotolife の ID')).toBe(false);
    expect(isFotolifeId('写真 f:id:example:20200805215246p:plain')).toBe(false);
  });
});

describe('srcsetUrls', () => {
  it('finds each candidate URL, commas in URLs and descriptors included', () => {
    const value = ' a.jpg 1x,b,c.jpg 2x , d.jpg, e.jpg (x, y) 3x';
    expect(srcsetUrls(value).map((candidate) => candidate.url)).toEqual(['a.jpg', 'b,c.jpg', 'd.jpg', 'e.jpg']);
    for (const candidate of srcsetUrls(value)) expect(value.slice(candidate.start, candidate.end)).toBe(candidate.url);
  });
});

describe('markdownDestination', () => {
  const references = (text: string) => readMarkdown(text).references;

  it('finds the destination and title as written', () => {
    const text = '[a](<http://x.example/a b> "t") ![f:id:u:20170104185455p:plain](http://y.example/i.png \'f:id\')';
    const [link, image] = references(text);
    const first = markdownDestination(text, link!)!;
    expect(text.slice(first.url.start, first.url.end)).toBe('http://x.example/a b');
    expect(first.titleText).toBe('t');
    const second = markdownDestination(text, image!)!;
    expect(text.slice(second.url.start, second.url.end)).toBe('http://y.example/i.png');
    expect(second.titleText).toBe('f:id');
    const alt = markdownAlt(text, image!)!;
    expect(text.slice(alt.start, alt.end)).toBe('f:id:u:20170104185455p:plain');
  });

  it('gives nothing for a destination not written as it reads', () => {
    const text = '[a](http://x.example/a\\_b)';
    expect(markdownDestination(text, references(text)[0]!)).toBeUndefined();
  });
});

describe('wholeLines', () => {
  it('takes the line and its ending when the span is alone on it', () => {
    const text = 'a\n  <x>\nb\r\n<y>\r\nc\n<z>';
    const at = (part: string) => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length });
    expect(wholeLines(text, at('<x>'))).toEqual({ start: 2, end: 8 });
    expect(text.slice(wholeLines(text, at('<y>'))!.start, wholeLines(text, at('<y>'))!.end)).toBe('<y>\r\n');
    // the last line takes the ending before it
    expect(text.slice(wholeLines(text, at('<z>'))!.start)).toBe('\n<z>');
    expect(wholeLines('a <x>\n', { start: 2, end: 5 })).toBeUndefined();
  });
});
