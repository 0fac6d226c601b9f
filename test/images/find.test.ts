/**
 * Finding images on image hosts and rewriting their URLs through the engine:
 * which URLs are found, which are left (code, text, other hosts), and that
 * nothing else in the post changes.
 */
import { describe, expect, it } from 'vitest';
import { cleanString } from '../../src/engine/clean-string.js';
import { imagesPass, type Decision } from '../../src/images/find.js';
import { srcsetUrls } from '../../src/images/find-html.js';
import { imageFile, imageHosts, publicUrl, type ImageFile } from '../../src/images/locate.js';

const HOSTS = imageHosts(['img.example.jp', '127.0.0.1:8080']);
const F = 'https://cdn-ak.f.st-hatena.com/images/fotolife/a/alice/20190611/20190611132726.png';
const MOVED = '/assets/images/fotolife/a/alice/20190611/20190611132726.png';

function run(text: string, path = 'post.html', decide: (url: string, image: ImageFile) => Decision = (_url, image) => ({ to: publicUrl('/assets', image) })) {
  const pass = imagesPass({ hosts: HOSTS, decide });
  const result = cleanString(text, { passes: [pass], path });
  return { output: result.output, fixes: result.fixes, warnings: result.warnings, found: result.fixes.map((fix) => pass.imageOf(fix.message)?.filePath) };
}

describe('locate', () => {
  it('names the file by its path on the host and the new URL by the prefix', () => {
    const image = imageFile(F, HOSTS)!;
    expect(image).toEqual({ fetchUrl: F, urlPath: 'images/fotolife/a/alice/20190611/20190611132726.png', filePath: 'images/fotolife/a/alice/20190611/20190611132726.png' });
    expect(publicUrl('/assets/', image)).toBe(MOVED);
    expect(publicUrl('https://example.com/img', image)).toBe('https://example.com/img/images/fotolife/a/alice/20190611/20190611132726.png');
  });

  it('knows every Hatena host, and the configured ones (with a port when given one)', () => {
    for (const host of ['cdn-ak.f.st-hatena.com', 'cdn.image.st-hatena.com', 'cdn-ak.b.st-hatena.com', 'f.st-hatena.com', 'img.f.hatena.ne.jp', 'img.example.jp', '127.0.0.1:8080']) {
      expect(imageFile(`http://${host}/a/b.png`, HOSTS)?.filePath).toBe('a/b.png');
    }
    expect(imageFile('http://127.0.0.1:9090/a/b.png', HOSTS)).toBeUndefined();
    expect(imageFile('https://example.com/images/fotolife/a.png', HOSTS)).toBeUndefined();
    expect(imageFile('//CDN-AK.F.ST-HATENA.COM/x/y.jpg', HOSTS)).toMatchObject({ fetchUrl: 'https://CDN-AK.F.ST-HATENA.COM/x/y.jpg', filePath: 'x/y.jpg' });
  });

  it('drops the query, decodes the file name, and refuses paths that are no file', () => {
    expect(imageFile('https://f.st-hatena.com/a/%E5%86%99%E7%9C%9F.jpg?1560227246', HOSTS)).toMatchObject({ urlPath: 'a/%E5%86%99%E7%9C%9F.jpg', filePath: 'a/写真.jpg' });
    for (const bad of ['https://f.st-hatena.com/', 'https://f.st-hatena.com/a/', 'https://f.st-hatena.com/a/../../etc/passwd', 'https://f.st-hatena.com/a/%2e%2e/x.png', 'https://f.st-hatena.com/a//b.png']) {
      expect(imageFile(bad, HOSTS)).toBeUndefined();
    }
  });

  it('names a file for a segment that holds a whole URL (Hatena\'s image proxy), and for one that does not decode', () => {
    const proxy = 'http://cdn.image.st-hatena.com/image/scale/d872/enlarge=0;height=200;version=1;width=200/http%3A%2F%2Fa457.phobos.apple.com%2Fus%2Fmzl.png';
    expect(imageFile(proxy, HOSTS)).toMatchObject({
      fetchUrl: proxy,
      filePath: 'image/scale/d872/enlarge=0;height=200;version=1;width=200/http___a457.phobos.apple.com_us_mzl.png',
      urlPath: 'image/scale/d872/enlarge=0;height=200;version=1;width=200/http___a457.phobos.apple.com_us_mzl.png',
    });
    expect(imageFile('https://f.st-hatena.com/a%2Fb.png', HOSTS)).toMatchObject({ filePath: 'a_b.png', urlPath: 'a_b.png' });
    expect(imageFile('https://f.st-hatena.com/100%.png', HOSTS)).toMatchObject({ filePath: '100_.png', urlPath: '100_.png' });
  });

  it('knows Fotolife\'s images on f.hatena.ne.jp, and only them (the rest are its pages)', () => {
    expect(imageFile('http://f.hatena.ne.jp/images/fotolife/a/alice/20080101/20080101000000.jpg', HOSTS)?.filePath).toBe('images/fotolife/a/alice/20080101/20080101000000.jpg');
    expect(imageFile('http://f.hatena.ne.jp/alice/20080101000000', HOSTS)).toBeUndefined();
  });
});

describe('srcsetUrls', () => {
  it('finds each candidate URL as written', () => {
    const raw = ' a.png 1x,b.png  2x , c,d.png 3x,e.png';
    expect(srcsetUrls(raw).map((span) => raw.slice(span.start, span.end))).toEqual(['a.png', 'b.png', 'c,d.png', 'e.png']);
    expect(srcsetUrls('x.png,, y.png 2x').map((span) => 'x.png,, y.png 2x'.slice(span.start, span.end))).toEqual(['x.png', 'y.png']);
  });
});

describe('HTML', () => {
  it('rewrites src, srcset and the link around the image when it is the same file', () => {
    const input = `<p><a href="${F}" class="hatena-fotolife" itemprop="url"><img src="${F}" alt="photo" srcset="${F} 1x, https://img.example.jp/x/2x.png 2x, https://example.com/keep.png 3x" class="hatena-fotolife"></a></p>\n`;
    const { output, found } = run(input);
    expect(output).toBe(`<p><a href="${MOVED}" class="hatena-fotolife" itemprop="url"><img src="${MOVED}" alt="photo" srcset="${MOVED} 1x, /assets/x/2x.png 2x, https://example.com/keep.png 3x" class="hatena-fotolife"></a></p>\n`);
    expect(found.sort()).toEqual(['images/fotolife/a/alice/20190611/20190611132726.png', 'images/fotolife/a/alice/20190611/20190611132726.png', 'images/fotolife/a/alice/20190611/20190611132726.png', 'x/2x.png']);
  });

  it('keeps a link that points at another file than the image it wraps, and a link with no image', () => {
    const other = 'https://cdn-ak.f.st-hatena.com/images/fotolife/a/alice/20190611/20190611132726_original.png';
    const input = `<a href="${other}"><img src="${F}"></a> <a href="http://f.hatena.ne.jp/alice/20190611132726"><img src="${F}"></a> <a href="${F}">the picture</a>`;
    expect(run(input).output).toBe(`<a href="${other}"><img src="${MOVED}"></a> <a href="http://f.hatena.ne.jp/alice/20190611132726"><img src="${MOVED}"></a> <a href="${F}">the picture</a>`);
  });

  it('keeps the quoting as written, and escapes the new URL for it', () => {
    const input = `<img src='${F}'><img src=${F}><img src="${F}?a=1&amp;b=2#x">`;
    expect(run(input).output).toBe(`<img src='${MOVED}'><img src=${MOVED}><img src="${MOVED}">`);
    const tricky = run(`<img src='${F}'><img src=${F}>`, 'post.html', (_url, image) => ({ to: `/it's here&now/${image.urlPath}` })).output;
    expect(tricky).toBe(`<img src='/it&#39;s here&amp;now/${MOVED.slice(8)}'><img src="/it's here&amp;now/${MOVED.slice(8)}">`);
  });

  it('reads a URL spelled with character references', () => {
    const input = '<img src="https&#x3a;//f.st-hatena.com/a/b.png">';
    expect(run(input).output).toBe('<img src="/assets/a/b.png">');
  });

  it('rewrites srcset in <picture><source>', () => {
    const input = `<picture><source srcset="https://f.st-hatena.com/a/b.webp" type="image/webp"><img src="${F}"></picture>`;
    expect(run(input).output).toBe(`<picture><source srcset="/assets/a/b.webp" type="image/webp"><img src="${MOVED}"></picture>`);
  });

  it('never touches code samples, other hosts, or text', () => {
    const input = [
      `<pre class="code lang-html">&lt;img src="${F}"&gt;</pre>`,
      `<code><img src="${F}"></code>`,
      `<script>var i = '<img src="${F}">';</script>`,
      `<textarea><img src="${F}"></textarea>`,
      `<p>see ${F} for the picture</p>`,
      '<img src="https://example.com/images/fotolife/a.png">',
      `<!-- <img src="${F}"> -->`,
      '',
    ].join('\n');
    const { output, fixes } = run(input);
    expect(output).toBe(input);
    expect(fixes).toEqual([]);
  });

  it('keeps an image the decision keeps, with a warning where it is', () => {
    const input = `<p>\n<img src="${F}"><img src="https://f.st-hatena.com/a/ok.png"></p>`;
    const { output, warnings } = run(input, 'post.html', (_url, image) => (image.filePath === 'a/ok.png' ? { to: '/x/a/ok.png' } : { keep: 'could not be downloaded (HTTP 404 Not Found)' }));
    expect(output).toBe(`<p>\n<img src="${F}"><img src="/x/a/ok.png"></p>`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ pass: 'images', severity: 'warning', message: `kept ${F}: could not be downloaded (HTTP 404 Not Found)` });
    expect(input.slice(warnings[0]!.start, warnings[0]!.end)).toBe(F);
  });

  it('changes nothing on a second run, and nothing but the URLs on the first', () => {
    const input = `<!DOCTYPE html>\r\n<html><body>\r\n<P CLASS=x><IMG SRC="${F}"  ALT=写真 ></P>\r\n</body></html>\r\n`;
    const first = run(input).output;
    expect(first).toBe(input.replace(F, MOVED));
    expect(run(first).output).toBe(first);
  });
});

describe('Markdown', () => {
  it('rewrites images and the link around one, and leaves code, front matter and text alone', () => {
    const input = [
      '---',
      `image: ${F}`,
      '---',
      `[![写真](${F} "a title")](${F})`,
      '',
      `![alt [nested] text](<https://f.st-hatena.com/a/b c.png>)`,
      '',
      `\`![code](${F})\``,
      '',
      '```',
      `![fenced](${F})`,
      '```',
      '',
      `    ![indented](${F})`,
      '',
      `<img src="${F}">`,
      '',
      `[just a link](${F})`,
      '',
    ].join('\n');
    const expected = input
      .replace(`[![写真](${F} "a title")](${F})`, `[![写真](${MOVED} "a title")](${MOVED})`)
      .replace('<https://f.st-hatena.com/a/b c.png>', '</assets/a/b c.png>')
      .replace(`<img src="${F}">`, `<img src="${MOVED}">`);
    const { output } = run(input, 'post.md');
    expect(output).toBe(expected);
  });

  it('rewrites an image in angle brackets and one with escapes in its alt text', () => {
    const input = `![a \\] b](<https://f.st-hatena.com/a/b.png>) ![x](https://f.st-hatena.com/a/(1).png)\n`;
    expect(run(input, 'post.md').output).toBe('![a \\] b](</assets/a/b.png>) ![x](/assets/a/\\(1\\).png)\n');
  });

  it('leaves an HTML image that Markdown reads as text, with a warning', () => {
    const input = `\\<img src="${F}">\n`;
    const { output, warnings } = run(input, 'post.md');
    expect(output).toBe(input);
    expect(warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/^kept: Markdown reads this as text/)]);
  });
});

describe('Movable Type export', () => {
  it('rewrites the bodies of the entries, never their metadata (IMAGE: stays)', () => {
    const entry = (name: string, body: string) =>
      `AUTHOR: alice\nTITLE: ${name}\nBASENAME: 2019/06/11/${name}\nSTATUS: Publish\nDATE: 06/11/2019 13:27:26\nIMAGE: ${F}\n-----\nBODY:\n${body}\n-----\n--------\n`;
    const input = entry('one', `<p><img src="${F}" alt="f:id:alice:20190611132726p:plain" title="${F}"></p>`) + entry('two', '<p>no picture</p>');
    const { output, fixes } = run(input, 'blog.export.txt');
    expect(output).toBe(input.replace(`<img src="${F}"`, `<img src="${MOVED}"`));
    expect(fixes.map((fix) => fix.entry)).toEqual(['2019/06/11/one']);
  });
});
