/**
 * pre-escaped-html never makes content active. A hostile set of escaped
 * <pre> blocks, each made as tempting as a real paste (literal quotes, the
 * post's own link pattern, escaped keyword links, prose), is put in several
 * places of a post. Each must be either left alone, byte for byte, with a
 * warning, or restored into inert markup after which the rest of the post
 * parses exactly as before. Over the whole post, the count of active markup
 * (helpers/active-markup.ts) never grows.
 */
import { describe, expect, it } from 'vitest';
import { cleanString } from '../src/engine/clean-string.js';
import { selectPasses } from '../src/passes/index.js';
import { activeMarkup } from './helpers/active-markup.js';
import { sameParseAfter } from './helpers/same-parse-after.js';

/** Escape markup as a mistaken paste does: <, > and & become references, quotes stay literal. */
const escape = (markup: string) => markup.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The post's own link pattern (a paste signal) and an escaped keyword link (another). */
const LINK = (text: string) => `<a href="https://example.com/${text.length}" target="_blank" rel="noopener">${text}</a>`;
const KEYWORD = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>';
const OK = `<li>${LINK('読んだ本の感想をまとめました')}</li><li>${KEYWORD}の話</li>`;

type Outcome = 'kept' | 'either';

/** The hostile set, as the markup the <pre> would become: `kept` ones would be active. */
const HOSTILE: [string, string, Outcome][] = [
  ['script after the list', `${OK}<script>alert(1)</script>`, 'kept'],
  ['script with src', `<li><script src="https://evil.example/x.js"></script>${LINK('x')}</li>`, 'kept'],
  ['style', `${OK}<li><style>body{display:none}</style>x</li>`, 'kept'],
  ['iframe', `${OK}<li><iframe src="https://evil.example/"></iframe></li>`, 'kept'],
  ['object and embed', `${OK}<li><object data="x.swf"></object><embed src="x.swf"></li>`, 'kept'],
  ['form', `${OK}<li><form action="https://evil.example/"><input name="q"><button>go</button></form></li>`, 'kept'],
  ['script in svg', `${OK}<li><svg><script>alert(1)</script></svg></li>`, 'kept'],
  ['svg onload', `${OK}<li><svg onload="alert(1)"></svg></li>`, 'kept'],
  ['svg link to javascript:', `${OK}<li><svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg></li>`, 'kept'],
  ['svg animate setting href', `${OK}<li><svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg></li>`, 'kept'],
  ['math mutation (mglyph/style)', `${OK}<li><math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math></li>`, 'kept'],
  ['onclick on a post-like link', `<li><a href="https://example.com/x" target="_blank" rel="noopener" onclick="alert(1)">読んだ本の感想</a></li>`, 'kept'],
  ['img onerror', `${OK}<li><img src="x" onerror="alert(1)"></li>`, 'kept'],
  ['handler in upper case without quotes', `${OK}<li><img src=x ONERROR=alert(1)></li>`, 'kept'],
  ['javascript: URL', `<li><a href="javascript:alert(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['javascript: with spaces and case', `<li><a href="  JaVaScRiPt:alert(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['scheme split by a tab reference', `<li><a href="jav&#x09;ascript:alert(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['scheme split a reference deeper', `<li><a href="jav&amp;#x09;ascript:alert(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['scheme spelt with a decimal reference', `<li><a href="&#106;avascript:alert(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['scheme split by &NewLine;', `<li><a href="java&NewLine;script:alert(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['scheme split by &Tab; a reference deeper', `<li><a href="java&amp;Tab;script:alert(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['vbscript: URL', `<li><a href="vbscript:msgbox(1)" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['data: URL on a link', `<li><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" target="_blank" rel="noopener">x</a></li>${OK}`, 'kept'],
  ['data: URL on an image', `${OK}<li><img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"></li>`, 'kept'],
  ['base', `${OK}<li><base href="https://evil.example/"></li>`, 'kept'],
  ['meta refresh', `${OK}<li><meta http-equiv="refresh" content="0;url=https://evil.example/"></li>`, 'kept'],
  ['link stylesheet', `${OK}<li><link rel="stylesheet" href="https://evil.example/x.css"></li>`, 'kept'],
  ['template holding a script', `${OK}<li><template><script>alert(1)</script></template></li>`, 'kept'],
  ['noscript holding a handler', `${OK}<li><noscript><img src=x onerror=alert(1)></noscript></li>`, 'kept'],
  ['formaction on a button-less link', `<li><a href="https://example.com/x" target="_blank" rel="noopener" formaction="javascript:alert(1)">読んだ本</a></li>`, 'kept'],
  ['style attribute with a javascript: url()', `<li><a href="https://example.com/x" target="_blank" rel="noopener" style="background:url(javascript:alert(1))">読んだ本</a></li>`, 'kept'],
  ['srcset', `${OK}<li><img srcset="javascript:alert(1) 1x"></li>`, 'kept'],
  ['select', `${OK}<li><select><option>x</option></select></li>`, 'kept'],
  ['frameset', `${OK}<li><frameset><frame src="https://evil.example/"></frameset></li>`, 'kept'],
  // unclosed or stray tags that would swallow or change the rest of the post
  ['an unclosed comment', `${OK}<li>x</li><!--`, 'kept'],
  ['an unclosed textarea', `${OK}<li><textarea>`, 'kept'],
  ['an unclosed title', `${OK}<li><title>`, 'kept'],
  ['plaintext', `${OK}<li><plaintext>`, 'kept'],
  ['xmp', `${OK}<li><xmp>`, 'kept'],
  ['noembed', `${OK}<li><noembed>`, 'kept'],
  ['stray end tags closing the page around it', `${OK}</ul></div></td></tr></table></blockquote>`, 'kept'],
  ['its own </pre> and a script after it', `${OK}</pre><script>alert(1)</script><pre>`, 'kept'],
  ['an unclosed link', `${OK}<li>${LINK('読んだ本の感想をまとめました').replace('</a>', '')}`, 'either'],
  ['an unclosed list item and paragraph', `${OK}<li><p>読んだ本の感想をまとめました、続きはまた今度`, 'either'],
  ['markup escaped twice (text once unescaped)', `${OK}<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>`, 'either'],
];

/** Places a <pre> can stand in a post. */
const CONTEXTS: [string, (pre: string) => string][] = [
  ['at the top level', (pre) => pre],
  ['in a div', (pre) => `<div class="section">\n${pre}\n</div>`],
  ['in a table cell', (pre) => `<table><tr><td>${pre}</td><td>2</td></tr></table>`],
  ['in a table row, outside any cell', (pre) => `<table><tr>${pre}<td>2</td></tr></table>`],
  ['in a list item', (pre) => `<ul><li>前置き${pre}</li><li>次</li></ul>`],
  ['in a blockquote', (pre) => `<blockquote>${pre}</blockquote>`],
  ['in a link', (pre) => `<a href="https://example.com/z">${pre}</a>`],
];

const BEFORE = `<p>最近読んだ本のリンクをまとめておきます。${LINK('前の記事')}</p>\n`;
const AFTER = '\n<p>以上です。<b>太字</b>と<a href="https://example.com/after">後のリンク</a></p>\n<ul><li>最後</li></ul>\n';

const all = selectPasses();
const preOnly = selectPasses(['pre-escaped-html']);

function check(markup: string, place: (pre: string) => string, outcome: Outcome) {
  const pre = `<pre>${escape(markup)}</pre>`;
  const input = BEFORE + place(pre) + AFTER;
  for (const passes of [preOnly, all]) {
    const result = cleanString(input, { path: 'post.html', passes });
    expect(activeMarkup(result.output).length, 'active markup grew').toBeLessThanOrEqual(activeMarkup(input).length);
    const restored = result.fixes.find((fix) => fix.pass === 'pre-escaped-html');
    if (!restored) {
      // left alone: every byte, and said why (or, in a link, not a candidate at all)
      expect(result.output).toBe(input);
      const start = input.indexOf(pre);
      const warning = result.warnings.find((report) => report.pass === 'pre-escaped-html' && report.start === start);
      expect(warning?.message, 'a kept <pre> is reported').toMatch(/^kept <pre> of escaped markup: /);
      continue;
    }
    expect(outcome, `restored ${JSON.stringify(markup)}`).toBe('either');
    const { start, end } = restored;
    expect(input.slice(start, end)).toBe(pre);
    // the other passes may go on inside the restored markup (its keyword link), never outside it
    expect(result.output.startsWith(input.slice(0, start))).toBe(true);
    expect(result.output.endsWith(input.slice(end))).toBe(true);
    const replacement = result.output.slice(start, result.output.length - (input.length - end));
    expect(activeMarkup(replacement)).toEqual([]);
    expect(sameParseAfter(input, start, end, replacement), 'the rest of the post parses as before').toBe(true);
  }
}

describe('pre-escaped-html never makes content active', () => {
  for (const [context, place] of CONTEXTS) {
    describe(context, () => {
      for (const [name, markup, outcome] of HOSTILE) {
        it(name, () => check(markup, place, outcome));
      }
    });
  }

  it('the same paste without anything hostile is restored where a list may stand (so the checks above are not vacuous)', () => {
    const restoredIn: string[] = [];
    for (const [context, place] of CONTEXTS) {
      const input = BEFORE + place(`<pre>${escape(OK)}</pre>`) + AFTER;
      const result = cleanString(input, { path: 'post.html', passes: preOnly });
      if (result.fixes.length === 1) restoredIn.push(context);
    }
    expect(restoredIn).toEqual(['at the top level', 'in a div', 'in a table cell', 'in a list item', 'in a blockquote']);
  });

  it('the whole hostile set in one post: nothing active is added, nothing after a <pre> parses differently', () => {
    const input = BEFORE + HOSTILE.map(([, markup]) => `<pre>${escape(markup)}</pre>\n<p>${LINK('間の段落')}</p>\n`).join('') + AFTER;
    const result = cleanString(input, { path: 'post.html' });
    expect(activeMarkup(result.output).length).toBeLessThanOrEqual(activeMarkup(input).length);
    expect(result.warnings.filter((report) => report.pass === 'pre-escaped-html').length).toBeGreaterThanOrEqual(HOSTILE.filter(([, , outcome]) => outcome === 'kept').length);
    // everything after the last <pre> is untouched, and parses as before
    const tail = input.slice(input.lastIndexOf('</pre>') + 6);
    expect(result.output.endsWith(tail)).toBe(true);
  });
});
