/**
 * On every post in ../shared (the seed and the corpus of real posts, not
 * copied here), the passes for Hatena's leftovers change nothing but their
 * repair: the visible text of each post is the same before and after, apart
 * from what the repairs themselves take out or put in, and a second run
 * changes nothing. Skipped without ../shared.
 *
 * `npm test` runs every pass together (the leaving-hatena preset with
 * ownBlogs); with BLOGFIX_EACH_PASS=1 (.ci/run sets it) each pass also runs
 * alone, and the passes on by default together.
 *
 * The visible text is read independently of the passes: Markdown through
 * mdast (text and code as text, raw HTML as HTML), HTML through parse5. Before
 * comparing, both sides are read the same way: Hatena's 「この商品を含むブログを見る」
 * links (and a list item holding only a link into d.hatena.ne.jp/asin/) say
 * nothing, a blog card says its title, a hatena-citation says nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes as MdNodes } from 'mdast';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/api.js';

type Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['documentFragment'];
type Element = DefaultTreeAdapterMap['element'];

const SHARED = path.resolve(import.meta.dirname, '../../shared');
const folders = ['seeds', 'corpus'].map((name) => path.join(SHARED, name)).filter((folder) => fs.existsSync(folder));
const posts = folders.flatMap((folder) =>
  fs
    .readdirSync(folder)
    .filter((name) => name !== 'MANIFEST.tsv')
    .map((name) => path.join(folder, name)),
);

const ASIN = /^\s*(?:https?:)?\/\/d\.hatena\.ne\.jp\/asin\//i;
const LEFTOVER = /^\s*この商品を含むブログ.*を見る\s*$/s;

const attr = (node: Element, name: string) => node.attrs.find((item) => item.name === name)?.value;
const isCard = (node: Element) => node.tagName === 'iframe' && /hatenablog-parts\.com\/embed|\/embed\//.test(attr(node, 'src') ?? '') && /\bembed-card\b/.test(attr(node, 'class') ?? '');
const textOf = (node: Node): string => ('value' in node && node.nodeName === '#text' ? node.value : 'childNodes' in node ? node.childNodes.map(textOf).join('') : '');
const isAsinLeftover = (node: Element) => node.tagName === 'a' && ASIN.test(attr(node, 'href') ?? '') && LEFTOVER.test(textOf(node));
const onlyAsinLink = (node: Element) =>
  node.tagName === 'li' &&
  node.childNodes.every((child) => (child.nodeName === '#text' && textOf(child).trim() === '') || (child.nodeName === 'a' && ASIN.test(attr(child as Element, 'href') ?? '')));

/** The visible text of HTML, read as described above. */
function htmlText(html: string): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeName === '#text') {
      out += (node as DefaultTreeAdapterMap['textNode']).value;
      return;
    }
    if (!('childNodes' in node)) return;
    if ('tagName' in node) {
      const element = node as Element;
      if (element.tagName === 'script' || element.tagName === 'style') return;
      if (isAsinLeftover(element) || onlyAsinLink(element)) return;
      if (element.tagName === 'cite' && /\bhatena-citation\b/.test(attr(element, 'class') ?? '')) return;
      if (isCard(element)) {
        out += attr(element, 'title') ?? '';
        return;
      }
    }
    const children = 'content' in node && node.nodeName === 'template' ? (node as DefaultTreeAdapterMap['template']).content.childNodes : node.childNodes;
    for (const child of children) walk(child);
  };
  walk(parseFragment(html));
  // white space is layout, not text (removing a line takes its line ending)
  return out.replace(/\s+/g, '');
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The visible text of Markdown: its text and code as text, its raw HTML as HTML, then read as HTML. */
function markdownText(markdown: string): string {
  let html = '';
  const walk = (node: MdNodes) => {
    if (node.type === 'html') html += node.value;
    else if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') html += escape(node.value);
    else if (node.type === 'link' && ASIN.test(node.url) && LEFTOVER.test(node.children.map((child) => ('value' in child ? child.value : '')).join(''))) return;
    if ('children' in node) for (const child of node.children) walk(child);
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'listItem' || node.type === 'code') html += '\n';
  };
  walk(fromMarkdown(markdown));
  return htmlText(html);
}

const visibleText = (file: string, text: string) => (/\.(md|markdown)$/i.test(file) ? markdownText(text) : htmlText(text));

const inputs = new Map<string, { text: string; visible?: string }>();
function input(file: string): { text: string; visible?: string } {
  let found = inputs.get(file);
  if (!found) inputs.set(file, (found = { text: fs.readFileSync(file, 'utf8') }));
  return found;
}

/** Where two texts first differ, with a little context (a whole post is too long to read in a failure). */
function firstDifference(a: string, b: string): string {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index++;
  return index === a.length && index === b.length ? 'same' : `at ${index}: ${JSON.stringify(a.slice(Math.max(0, index - 40), index + 80))} vs ${JSON.stringify(b.slice(Math.max(0, index - 40), index + 80))}`;
}

// the corpus's own blogs, with the permalinks their new sites use
const ownBlogs = [
  { url: 'https://hashrock.hatenablog.com', from: '/entry/YYYY/MM/DD/ID', to: '/posts/YYYY/MM/DD/ID/' },
  { url: 'http://d.hatena.ne.jp/hashrock', from: '/YYYYMMDD/ID', to: '/posts/YYYY/MM/DD/ID/' },
  { url: 'https://pocopota-blog.hatenablog.com', from: '/entry/ID', to: 'https://blog.example.com/ID/' },
  { url: 'https://aoma23.hatenablog.jp', from: '/entry/ID', to: '/entry/ID/' },
  { url: 'https://jhashimoto.hatenadiary.jp', from: '/entry/YYYYMMDD/ID', to: '/YYYY/MM/DD/ID.html' },
  { url: 'https://tarao.hatenablog.com', from: '/entry/YYYY/MM/DD/ID', to: 'https://tarao.example.org/YYYY/MM/DD/ID' },
];

const EACH = process.env.BLOGFIX_EACH_PASS === '1';

const RUNS: { name: string; options: Parameters<typeof cleanText>[1]; each?: true }[] = [
  { name: 'asin-links', options: { only: ['asin-links'] }, each: true },
  { name: 'https-images', options: { only: ['https-images'] }, each: true },
  { name: 'blog-cards', options: { only: ['blog-cards'] }, each: true },
  { name: 'fotolife-links', options: { only: ['fotolife-links'] }, each: true },
  { name: 'own-links', options: { only: ['own-links'], ownBlogs }, each: true },
  // pre-escaped-html changes the visible text on purpose (escaped markup becomes markup): left out here
  { name: 'the passes on by default', options: { skip: ['pre-escaped-html'] }, each: true },
  { name: 'leaving-hatena with ownBlogs', options: { preset: 'leaving-hatena', ownBlogs, skip: ['pre-escaped-html'] } },
];

describe.skipIf(posts.length === 0)('the leftover passes on every post in ../shared', () => {
  for (const run of RUNS) {
    it.skipIf(run.each && !EACH)(`${run.name}: the visible text is unchanged apart from the repairs, and a second run changes nothing`, () => {
      let changed = 0;
      for (const file of posts) {
        const post = input(file);
        const result = cleanText(post.text, { ...run.options, filepath: file });
        if (!result.changed) continue;
        changed++;
        post.visible ??= visibleText(file, post.text);
        expect(firstDifference(visibleText(file, result.output), post.visible), path.basename(file)).toBe('same');
        expect(cleanText(result.output, { ...run.options, filepath: file }).changed, `second run on ${path.basename(file)}`).toBe(false);
      }
      // the corpus holds every kind of leftover: each run finds some
      expect(changed).toBeGreaterThan(0);
    });
  }
});
