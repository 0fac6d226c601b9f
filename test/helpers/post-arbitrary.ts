/**
 * fast-check arbitraries for whole posts that place every defect blogfix
 * repairs (keyword autolinks, herf, _brank and misspelt target names,
 * tracking pixels, escaped pastes in a <pre>) in every context a post has:
 * running text, nested inline markup, tables, lists, headings, quotes and
 * citations, comments, code samples; attributes in any order and quoting;
 * Markdown's code fences, spans and indented blocks; with front matter or
 * not, LF or CRLF, HTML or Markdown, and malformed markup around them (stray
 * and unclosed tags).
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';

type Arb<T> = fc.Arbitrary<T>;

const WORDS = ['クラウド', 'サーバ', '監視', 'コンテナ', '任天堂', 'はてな', 'k8s', 'Go', 'TCP/IP', 'C++', 'Apache Mesos', 'データベース'];
const TEXT = ['今日は', '勉強会で', '試した', 'かなり良かった', 'word ', ' and ', '0 -&gt; 1', 'A&amp;B', '&nbsp;', '「引用」', ' '];

/** A keyword as Hatena percent-encodes it in EUC-JP (upper or lower case hex). */
function encodeKeyword(word: string, lower: boolean): string {
  return [...iconv.encode(word, 'euc-jp')]
    .map((byte) => {
      if (/[A-Za-z0-9_-]/.test(String.fromCharCode(byte))) return String.fromCharCode(byte);
      const hex = byte.toString(16).padStart(2, '0');
      return `%${lower ? hex : hex.toUpperCase()}`;
    })
    .join('');
}

const text: Arb<string> = fc.array(fc.constantFrom(...TEXT, ...WORDS), { minLength: 0, maxLength: 4 }).map((parts) => parts.join(''));

/** An attribute written with any quoting (unquoted only where the value allows it). */
function attr(name: string, value: string): Arb<string> {
  const quotes = /^[^\s"'=<>`]+$/.test(value) ? (['"', "'", ''] as const) : (['"', "'"] as const);
  return fc.tuple(fc.constantFrom(...quotes), fc.constantFrom('=', ' = ', '=')).map(([quote, equals]) => `${name}${equals}${quote}${value}${quote}`);
}

/** A start tag with its attributes in any order, separated by any whitespace. */
function startTag(tag: string, attributes: Arb<string>[]): Arb<string> {
  return fc
    .tuple(fc.tuple(...attributes), fc.array(fc.constantFrom(' ', '  ', '\n', '\t'), { minLength: attributes.length, maxLength: attributes.length }), fc.boolean())
    .chain(([attrs, spaces, selfClose]) =>
      fc.shuffledSubarray(attrs, { minLength: attrs.length, maxLength: attrs.length }).map((order) => `<${tag}${order.map((a, i) => spaces[i] + a).join('')}${selfClose && tag === 'img' ? ' /' : ''}>`),
    );
}

/** Inline content, possibly wrapped in nested inline markup. */
const inline = (inner: Arb<string>): Arb<string> =>
  fc.tuple(fc.array(fc.constantFrom('b', 'em', 'strong', 'span', 'i', 'u', 'small'), { maxLength: 3 }), inner).map(([tags, content]) =>
    tags.reduceRight((acc, tag) => `<${tag}>${acc}</${tag}>`, content),
  );

export const keywordLink: Arb<string> = fc
  .record({
    word: fc.constantFrom(...WORDS),
    lower: fc.boolean(),
    host: fc.constantFrom('http://d.hatena.ne.jp', 'https://d.hatena.ne.jp', '//d.hatena.ne.jp'),
    query: fc.constantFrom('', '?kid=1234'),
    klass: fc.constantFrom('keyword', 'okeyword', 'keyword ext'),
    style: fc.boolean(),
    split: fc.boolean(),
    // another defect on the same tag: its edit overlaps the unwrap and waits for a round that never needs it
    brank: fc.boolean(),
    // herf for href: the link is an autolink only once herf is fixed, in a second round
    herf: fc.boolean(),
  })
  .chain(({ word, lower, host, query, klass, style, split, brank, herf }) => {
    const attributes = [attr('class', klass), attr(herf ? 'herf' : 'href', `${host}/keyword/${encodeKeyword(word, lower)}${query}`)];
    if (style) attributes.push(attr('style', 'color:#333'));
    if (brank) attributes.push(attr('target', '_brank'));
    return fc.tuple(startTag('a', attributes), inline(fc.constant(word))).map(([open, content]) => (split ? `リク${open}${content}</a>ト` : `${open}${content}</a>`));
  });

/** A link without the class: unwrapped only when its text is the keyword, in running text. */
export const bareKeywordLink: Arb<string> = fc
  .tuple(fc.constantFrom(...WORDS), fc.boolean())
  .chain(([word, same]) => startTag('a', [attr('href', `http://d.hatena.ne.jp/keyword/${encodeKeyword(word, false)}`)]).map((open) => `${open}${same ? word : 'こちら'}</a>`));

export const herf: Arb<string> = fc
  .record({ name: fc.constantFrom('herf', 'HERF', 'Herf'), href: fc.constantFrom('none', 'same', 'different'), url: fc.constantFrom('https://example.com/a', 'https://example.org/b?x=1&amp;y=2') })
  .chain(({ name, href, url }) => {
    const attributes = [attr(name, url), attr('target', '_blank')];
    if (href !== 'none') attributes.push(attr('href', href === 'same' ? url : 'https://example.net/other'));
    return startTag('a', attributes).map((open) => `${open}リンク</a>`);
  });

export const brank: Arb<string> = fc
  .record({ name: fc.constantFrom('target', 'TARGET', 'targe', 'taraget'), value: fc.constantFrom('_brank', 'brank', ' _Brank ', '_BRANK', 'blank', '_blank') })
  .chain(({ name, value }) => startTag('a', [attr('href', 'https://example.com/c'), attr(name, value), attr('rel', 'noopener')]).map((open) => `${open}資料</a>`));

export const pixel: Arb<string> = fc
  .constantFrom(
    ['//ir-jp.amazon-adsystem.com/e/ir?t=ex-22&amp;l=am2&amp;o=9&amp;a=4873117917', '1', '1'],
    ['https://www.assoc-amazon.jp/e/ir?t=ex-22&amp;l=as2', '', ''],
    ['https://www13.a8.net/0.gif?a8mat=ABC', '1', '1'],
    ['https://i.moshimo.com/af/i/impression?a_id=1', '1', '1'],
    ['https://ad.jp.ap.valuecommerce.com/servlet/gifbanner?sid=1', '1', '1'],
    ['https://ad.jp.ap.valuecommerce.com/servlet/gifbanner?sid=1', '468', '60'],
    ['https://ws-fe.amazon-adsystem.com/widgets/q?ItemId=1', '120', '240'],
  )
  .chain(([src, width, height]) => {
    const attributes = [attr('src', src), attr('border', '0'), attr('alt', '')];
    if (width) attributes.push(attr('width', width), attr('height', height));
    return startTag('img', attributes);
  });

/**
 * A list of the post's own links pasted escaped into a bare <pre>, sometimes
 * with defects of its own (fixed in a second round, once it is markup) and a
 * sentence after it.
 */
export const escapedPaste: Arb<string> = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean()).map(([items, prose, defects]) => {
  let markup = '';
  for (let index = 0; index < items; index++) {
    const target = defects && index === 0 ? '_brank' : '_blank';
    markup += `<li><a target="${target}" rel="noopener" href="https://example.com/${index}">記事その${index}を読んだ</a></li>\n`;
  }
  if (defects) markup += '<li><a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>の話</li>\n';
  if (prose) markup += '<li>ほかにも読みたい本がたくさんあって、まだまだ続きます\n';
  return `<pre> ${markup.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</pre>`;
});

export const defect: Arb<string> = fc.oneof(keywordLink, keywordLink, bareKeywordLink, herf, brank, pixel, escapedPaste);

/** Markup that leaves the parser in odd states around the defects. */
const noise: Arb<string> = fc.constantFrom('<b>', '</i>', '<a href="https://example.com/x">', '</a>', '<p>', '</p>', '<li>', '</td>', '<br/>', '&amp;', '&lt;', '<table>', '<font color=red>', '</div>', '<!-- note -->', '<img src="photo.jpg">');

/** Where a defect stands; `true`: a code sample or comment, which must come out untouched. */
type Context = [name: string, wrap: (inner: string) => string, untouchable: boolean];

const HTML_CONTEXTS: Context[] = [
  ['paragraph', (inner) => `<p>${inner}</p>`, false],
  ['heading', (inner) => `<h3>${inner}</h3>`, false],
  ['list', (inner) => `<ul>\n  <li>${inner}</li>\n</ul>`, false],
  ['ordered list', (inner) => `<ol><li>一</li><li>${inner}</li></ol>`, false],
  ['table', (inner) => `<table>\n<tr><th>見出し</th><td>${inner}</td></tr>\n</table>`, false],
  ['blockquote', (inner) => `<blockquote><p>${inner}</p></blockquote>`, false],
  ['cite', (inner) => `<cite>${inner}</cite>`, false],
  ['div', (inner) => `<div class="section">${inner}</div>`, false],
  ['comment', (inner) => `<!-- ${inner} -->`, true],
  ['code', (inner) => `<code>${inner}</code>`, true],
  ['hatena code block', (inner) => `<pre class="code lang-html" data-lang="html" data-unlink>${inner}</pre>`, true],
  ['textarea', (inner) => `<textarea>${inner}</textarea>`, true],
  ['script', (inner) => `<script type="text/template">${inner}</script>`, true],
];

/** Markdown's own code: fences, spans, indented blocks. */
const MARKDOWN_CONTEXTS: Context[] = [
  ['fenced code', (inner) => `\`\`\`html\n${inner}\n\`\`\``, true],
  ['tilde fence', (inner) => `~~~\n${inner}\n~~~`, true],
  ['code span', (inner) => `\`${inner.replace(/\n/g, ' ')}\``, true],
  ['indented code', (inner) => `    ${inner.replace(/\n/g, ' ')}`, true],
  ['markdown paragraph', (inner) => `段落の中の ${inner.replace(/\n/g, ' ')} です`, false],
];

interface Block {
  text: string;
  untouchable: boolean;
}

function blocks(markdown: boolean): Arb<Block> {
  const contexts = markdown ? [...HTML_CONTEXTS, ...MARKDOWN_CONTEXTS] : HTML_CONTEXTS;
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...contexts), text, inline(defect), text).map(([[, wrap, untouchable], before, inner, after]) => ({ text: wrap(before + inner + after), untouchable })),
    },
    { weight: 1, arbitrary: noise.map((text) => ({ text, untouchable: false })) },
    { weight: 1, arbitrary: text.map((words) => ({ text: `<p>${words}</p>`, untouchable: false })) },
  );
}

export interface GeneratedPost {
  text: string;
  /** post.html or post.md: picks the format */
  path: string;
  /** Code samples and comments of the post, as they stand in it: each must stand in the output too. */
  untouchable: string[];
}

export const generatedPost: Arb<GeneratedPost> = fc
  .record({ markdown: fc.boolean(), separator: fc.constantFrom('\n', '\n\n', ''), frontMatter: fc.boolean(), crlf: fc.boolean(), wrapBody: fc.boolean() })
  .chain((shape) => fc.array(blocks(shape.markdown), { minLength: 1, maxLength: 8 }).map((parts) => ({ ...shape, parts })))
  .map(({ parts, separator, frontMatter, crlf, markdown, wrapBody }) => {
    let body = parts.map((part) => part.text).join(markdown ? '\n\n' : separator);
    // in Markdown an HTML block runs to the next blank line: a fence right after <body> would be HTML
    const gap = markdown ? '\n\n' : '\n';
    if (wrapBody) body = `<body>${gap}${body}${gap}</body>\n<!-- more -->\n`;
    let post = (frontMatter ? '---\ntitle: "記事"\ntags: [tech]\n---\n' : '') + body + '\n';
    const endings = (text: string) => (crlf ? text.replace(/\n/g, '\r\n') : text);
    post = endings(post);
    return { text: post, path: markdown ? 'post.md' : 'post.html', untouchable: parts.filter((part) => part.untouchable).map((part) => endings(part.text)) };
  });
