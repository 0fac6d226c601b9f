/**
 * One owner removed every link into d.hatena.ne.jp by hand: keyword links
 * kept their text, and the 「この商品を含むブログを見る」 lines of Amazon boxes went.
 * With `--only keyword-links,asin-links`, blogfix gives exactly that, on a
 * post whose only leftovers are these. The expected post is made here with
 * two regular expressions, independently of the passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDir, writeTree } from './helpers/cli.js';

let dir = '';
useTempDir((made) => (dir = made));

const box = (asin: string, title: string, count: string) => `<div class="hatena-asin-detail"><a href="https://www.amazon.co.jp/exec/obidos/ASIN/${asin}/example-22/"><img src="https://images-fe.ssl-images-amazon.com/images/I/${asin}.jpg" class="hatena-asin-detail-image" alt="${title}" title="${title}"></a><div class="hatena-asin-detail-info"><p class="hatena-asin-detail-title"><a href="https://www.amazon.co.jp/exec/obidos/ASIN/${asin}/example-22/">${title}</a></p>
<ul>
<li><span class="hatena-asin-detail-label">出版社/メーカー:</span> <a class="keyword" href="http://d.hatena.ne.jp/keyword/%CE%E3%BC%A8%BD%F1%CB%BC">例示書房</a></li>
<li><span class="hatena-asin-detail-label">メディア:</span> 単行本</li>
<li><a href="http://d.hatena.ne.jp/asin/${asin}/example-22" target="_blank">この商品を含むブログ${count}を見る</a></li>
</ul>
</div>
<div class="hatena-asin-detail-foot"></div>
</div>
`;

const POST = `<p>今年は<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%D7%A5%ED%A5%B0%A5%E9%A5%DF%A5%F3%A5%B0">プログラミング</a>の本をよく読んだ。<a class="keyword" href="http://d.hatena.ne.jp/keyword/Rust">Rust</a>と<a class="okeyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>の本が多い。</p>
${box('4000000213', '並行処理の基礎', ' (5件) ')}<p>次の本は<a class="keyword" href="https://d.hatena.ne.jp/keyword/%E5%9E%8B%E6%8E%A8%E8%AB%96">型推論</a>の話。</p>
${box('4000000220', '型と言語', '')}<a href="http://d.hatena.ne.jp/asin/4000000237/example-22">この商品を含むブログを見る</a>
<p>おわり。</p>
`;

/** What the owner did: drop each line holding only a 「この商品を含むブログを見る」 link, then unwrap every link into d.hatena.ne.jp. */
function byHand(post: string): string {
  return post
    .replace(/^(?:<li>)?<a [^>]*href="https?:\/\/d\.hatena\.ne\.jp\/asin\/[^"]*"[^>]*>この商品を含むブログ[^<]*を見る<\/a>(?:<\/li>)?\n/gm, '')
    .replace(/<a [^>]*href="https?:\/\/d\.hatena\.ne\.jp\/[^"]*"[^>]*>([^<]*)<\/a>/g, '$1');
}

describe('--only keyword-links,asin-links', () => {
  it('removes every link into d.hatena.ne.jp as the owner did: keyword links keep their text, the asin lines go', () => {
    const expected = byHand(POST);
    // the expected post is what it should be: no link into d.hatena.ne.jp, no asin line, every other line as it was
    expect(expected).not.toMatch(/d\.hatena\.ne\.jp/);
    expect(expected.split('\n').length).toBe(POST.split('\n').length - 3);
    writeTree(dir, { 'post.html': POST });
    const run = runCli(['clean', '--no-config', '--only', 'keyword-links,asin-links', 'post.html'], dir);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'post.html'), 'utf8')).toBe(expected);
  });
});
