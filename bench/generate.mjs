#!/usr/bin/env node
// Seeded generator of Hatena-like posts for benchmarks and large-input tests.
//
//   node bench/generate.mjs posts DIR --count N [--seed S] [--clean-ratio R]
//   node bench/generate.mjs export FILE --entries N [--seed S]
//
// Posts: front matter, <body> wrappers around <!-- more -->, paragraphs with
// EUC-JP keyword autolinks (some splitting words), link lists with
// target="_brank" and herf, Amazon pixels, Hatena code blocks with escaped
// HTML (must stay), sometimes an escaped <pre> of the post's own markup;
// 5 % Markdown with fences, 2 % CRLF. --clean-ratio makes that share of posts
// free of defects. An export is one Movable Type file of N such entries.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const KEYWORDS = ['クラウド', 'サーバ', '監視', '自動化', 'コンテナ', 'データベース', '設計', '運用', 'ネットワーク', '障害', 'ログ', 'k8s', 'AWS', 'Linux', 'Go', 'Ruby', 'SQL', 'C++', 'Apache Mesos', '任天堂', 'はてな'];
const WORDS = ['今日は', '勉強会で', '新しい', '仕組みを', '試した', '結果として', 'かなり', '良かった', 'ただし', '課題も', '残っている', '次回は', 'もう少し', '詳しく', '調べたい', 'チームで', '議論した', '手順を', '見直して', '改善した'];
const HOSTS = ['example.com', 'example.org', 'example.net', 'blog.example.jp'];

const encodeKeyword = (word) =>
  [...iconv.encode(word, 'euc-jp')].map((b) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

function keywordLink(word) {
  return `<a class="keyword" href="http://d.hatena.ne.jp/keyword/${encodeKeyword(word)}">${word}</a>`;
}

function sentence(r, dirty) {
  let out = '';
  for (let i = 0, n = r.int(6, 16); i < n; i++) {
    const word = r.chance(0.25) ? r.pick(KEYWORDS) : r.pick(WORDS);
    out += dirty && KEYWORDS.includes(word) ? keywordLink(word) : word;
  }
  return `${out}。`;
}

function link(r, dirty, text) {
  const url = `https://${r.pick(HOSTS)}/${r.pick(['slides', 'talks', 'blog', 'docs'])}/${r.int(1, 99999)}?a=${r.int(1, 9)}&amp;b=${r.int(1, 9)}`;
  const target = dirty && r.chance(0.6) ? '_brank' : '_blank';
  const attr = dirty && r.chance(0.05) ? 'herf' : 'href';
  return `<a ${attr}="${url}" target="${target}" rel="noopener noreferrer">${text}</a>`;
}

function block(r, dirty) {
  const kind = r.next();
  if (kind < 0.45) return `<p>${sentence(r, dirty)}\n${sentence(r, dirty)}</p>\n\n`;
  if (kind < 0.65) {
    let items = '';
    for (let i = 0, n = r.int(1, 5); i < n; i++) items += `    <li>${link(r, dirty, r.pick(WORDS) + r.pick(WORDS))}</li>\n`;
    return `<ul>\n${items}</ul>\n\n`;
  }
  if (kind < 0.72) return `<h3>${sentence(r, dirty)}</h3>\n\n`;
  if (kind < 0.8) {
    const pixel = dirty ? `<img src="//ir-jp.amazon-adsystem.com/e/ir?t=example-22&amp;l=am2&amp;o=9&amp;a=${r.int(1000000000, 9999999999)}" width="1" height="1" border="0" alt="" style="border:none !important; margin:0px !important;">` : '';
    return `<ul>\n    <li>\n<a target="_blank" href="https://www.amazon.co.jp/dp/${r.int(1000000000, 9999999999)}/?tag=example-22">${r.pick(WORDS)}の本</a>${pixel}\n</li>\n</ul>\n\n`;
  }
  if (kind < 0.88) {
    const lines = [];
    for (let i = 0, n = r.int(2, 6); i < n; i++) lines.push(`&lt;li&gt;&lt;a href=&quot;https://${r.pick(HOSTS)}/&quot; target=&quot;_brank&quot;&gt;${r.pick(WORDS)}&lt;/a&gt;&lt;/li&gt;`);
    return `<pre class="code lang-html" data-lang="html" data-unlink>${lines.join('\n')}\n</pre>\n\n`;
  }
  if (kind < 0.92 && dirty) {
    let markup = '';
    for (let i = 0, n = r.int(1, 3); i < n; i++) markup += `<li><a target="_blank" rel="noopener noreferrer" href="https://${r.pick(HOSTS)}/${r.int(1, 999)}">${r.pick(WORDS)}${r.pick(WORDS)}</a></li>\n`;
    const escaped = ` ${markup}<li>${r.pick(WORDS)}${sentence(r, false)}\n `.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `<pre>${escaped}</pre>\n\n`;
  }
  return `<p>${sentence(r, dirty)} 0 -&gt; 1 &amp; A&nbsp;B<br />\n${sentence(r, dirty)}</p>\n\n`;
}

/**
 * One post: { name, text }. `blocks` caps its length (4 to 40 blocks by
 * default, 1 to `blocks` when smaller): the same shapes in less text, for
 * tests that need many posts more than long ones.
 */
export function post(seed, index, cleanRatio = 0.2, blocks = 40) {
  const r = rng(seed * 100003 + index);
  const dirty = !r.chance(cleanRatio);
  const markdown = r.chance(0.05);
  const crlf = r.chance(0.02);
  const size = r.int(Math.min(4, blocks), blocks);
  let body = '';
  for (let i = 0; i < size; i++) {
    if (markdown && r.chance(0.15)) body += `\`\`\`html\n${keywordLink('Go')} <a herf="x" target="_brank">x</a>\n\`\`\`\n\n`;
    body += block(r, dirty);
  }
  const split = body.indexOf('\n\n', body.length / 3) + 2;
  const front = `---\ntitle: "記事 ${index}"\ndate: "2018-07-${String(1 + (index % 28)).padStart(2, '0')}T10:00:00+09:00"\ntags: ["tech"]\n---\n\n`;
  let text = `${front}<body>\n${body.slice(0, split)}</body>\n\n<!-- more -->\n\n<body>\n${body.slice(split)}</body>\n`;
  if (crlf) text = text.replace(/\n/g, '\r\n');
  const year = 2010 + (index % 10);
  return { name: `${year}/${String(index).padStart(6, '0')}.${markdown ? 'md' : 'html'}`, text };
}

/** A Movable Type export of `entries` entries, as one string. */
export function movableTypeExport(seed, entries) {
  const chunks = [];
  for (let i = 0; i < entries; i++) {
    const r = rng(seed * 7919 + i);
    let body = '';
    for (let b = 0, n = r.int(8, 40); b < n; b++) body += block(r, true);
    const extended = r.chance(0.3) ? `EXTENDED BODY:\n${block(r, true)}${block(r, true)}-----\n` : '';
    const comment = r.chance(0.2) ? `COMMENT:\nAUTHOR: reader${i}\nIP: 192.0.2.${i % 250}\nDATE: 05/02/2019 09:00:00\n${sentence(r, true)}<br>\n-----\n` : '';
    const pre = r.chance(0.1) ? `<pre class="code" data-lang="" data-unlink>${'-'.repeat(40)}\n$ make\n${'-'.repeat(40)}</pre>\n` : '';
    chunks.push(
      `AUTHOR: example\nTITLE: 記事 ${i}\nBASENAME: ${2015 + (i % 10)}/01/01/${String(i).padStart(6, '0')}\nSTATUS: Publish\nALLOW COMMENTS: 1\nCONVERT BREAKS: 0\nDATE: 01/01/2019 10:00:00\nCATEGORY: tech\n-----\nBODY:\n${body}${pre}\n-----\n${extended}${comment}--------\n`,
    );
  }
  return chunks.join('');
}

function main(argv) {
  const [kind, out, ...rest] = argv;
  const option = (name, fallback) => {
    const index = rest.indexOf(name);
    return index === -1 ? fallback : Number(rest[index + 1]);
  };
  const seed = option('--seed', 20181004);
  if (kind === 'posts') {
    const count = option('--count', 2000);
    const cleanRatio = option('--clean-ratio', 0.2);
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const { name, text } = post(seed, i, cleanRatio);
      const file = path.join(out, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      bytes += Buffer.byteLength(text);
    }
    console.error(`${count} posts, ${(bytes / 1e6).toFixed(1)} MB in ${out}`);
  } else if (kind === 'export') {
    const entries = option('--entries', 5000);
    const text = movableTypeExport(seed, entries);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, text);
    console.error(`${entries} entries, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB in ${out}`);
  } else {
    console.error('usage: generate.mjs posts DIR --count N | export FILE --entries N  [--seed S]');
    process.exitCode = 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
