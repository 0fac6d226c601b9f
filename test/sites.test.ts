/**
 * Migrated blogs as they sit in a repository: a Hugo, a Jekyll and an Astro
 * site, each with templates, themes, generated output and caches beside the
 * posts, all of which hold keyword links. At the root, `clean --check .` and
 * `clean --check` (no path) list only the posts. Then glob patterns, MDX that
 * does not parse, and --to-utf8 through the command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyIconv } from '../src/lazy.js';
import { readTree, runCli, useTempDir, writeTree } from './helpers/cli.js';

let dir = '';
useTempDir((made) => (dir = made));

const LINK = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/%C5%D0%BB%B3">登山</a>';
const MD_LINK = '[登山](http://d.hatena.ne.jp/keyword/%C5%D0%BB%B3)';
const post = (title: string) => `---\ntitle: ${title}\n---\n\n${MD_LINK}の記録。\n`;
const template = `<!doctype html><html><body>{{ .Content }} ${LINK}</body></html>\n`;

/** The paths --check lists (stdout), sorted. */
const listed = (stdout: string) => stdout.split('\n').filter(Boolean).sort();

const HUGO: Record<string, string> = {
  'hugo.toml': 'baseURL = "https://yama.example.jp/"\ntitle = "山の記録"\ntheme = "ananke"\n',
  'content/posts/2019-11-03-ishizuchi.md': post('石鎚山'),
  'content/posts/2020-01-05-tsurugi/index.md': post('剣山'),
  'content/posts/old-diary.html': `<p>${LINK}</p>\n`,
  'content/about.mdx': `import Map from '../components/Map'\n\n# 自己紹介\n\n${MD_LINK}が好き。\n`,
  'archetypes/default.md': `---\ntitle: "{{ replace .Name "-" " " | title }}"\n---\n${MD_LINK}\n`,
  'layouts/_default/single.html': template,
  'layouts/partials/head.html': template,
  'themes/ananke/layouts/partials/share.html': template,
  'themes/ananke/layouts/_default/baseof.html': template,
  'themes/ananke/README.md': `# ananke\n${MD_LINK}\n`,
  'themes/ananke/exampleSite/content/post/sample.md': post('見本'),
  'public/posts/2019-11-03-ishizuchi/index.html': template,
  'public/index.html': template,
  'resources/_gen/assets/main.html': template,
  'static/embed.html': template,
  'README.md': `# blog\n${MD_LINK}\n`,
};

const JEKYLL: Record<string, string> = {
  '_config.yml': 'title: 山の記録\ntheme: minima\n',
  'Gemfile': 'source "https://rubygems.org"\ngem "jekyll"\n',
  '_posts/2016-12-04-first.md': post('最初'),
  '_posts/2017-06-14-second.markdown': post('二つ目'),
  '_posts/2018-01-01-third.html': `---\nlayout: post\n---\n<p>${LINK}</p>\n`,
  '_drafts/unfinished.md': post('下書き'),
  'about.md': post('このブログについて'),
  'index.html': `---\nlayout: home\n---\n<p>${LINK}</p>\n`,
  'README.md': `# blog source\n${MD_LINK}\n`,
  '_layouts/default.html': template,
  '_layouts/post.html': template,
  '_includes/share.html': template,
  '_includes/footer.html': template,
  '_site/index.html': template,
  '_site/2016/12/04/first.html': template,
  '.jekyll-cache/Jekyll/Cache/x.html': template,
  'vendor/bundle/ruby/3.2.0/gems/minima/_layouts/home.html': template,
};

const ASTRO: Record<string, string> = {
  'astro.config.mjs': "import { defineConfig } from 'astro/config';\nimport mdx from '@astrojs/mdx';\nexport default defineConfig({ integrations: [mdx()] });\n",
  'package.json': '{ "name": "blog", "private": true, "dependencies": { "astro": "^5.0.0" } }\n',
  'src/content/blog/2022-11-06-shikoku.mdx': `---\ntitle: 四国\n---\nimport Figure from '../../components/Figure.astro'\n\n![${MD_LINK}の険しさ](./ridge.jpg)\n\n<Figure caption="山" />\n`,
  'src/content/blog/2021-05-01-old.md': post('古い記事'),
  'src/content/blog/2010-01-01-diary.html': `<p>${LINK}</p>\n`,
  'src/pages/about.md': post('について'),
  'src/pages/index.astro': `---\nconst x = 1;\n---\n<html>${LINK}</html>\n`,
  'src/layouts/BlogPost.html': template,
  'src/components/Share.html': template,
  'public/embed.html': template,
  'dist/index.html': template,
  'dist/blog/shikoku/index.html': template,
  '.astro/content.html': template,
  'node_modules/astro/README.md': `${MD_LINK}\n`,
};

const EXPECTED: Record<string, string[]> = {
  Hugo: ['content/about.mdx', 'content/posts/2019-11-03-ishizuchi.md', 'content/posts/2020-01-05-tsurugi/index.md', 'content/posts/old-diary.html'],
  Jekyll: ['_drafts/unfinished.md', '_posts/2016-12-04-first.md', '_posts/2017-06-14-second.markdown', '_posts/2018-01-01-third.html', 'about.md', 'index.html'],
  Astro: ['src/content/blog/2010-01-01-diary.html', 'src/content/blog/2021-05-01-old.md', 'src/content/blog/2022-11-06-shikoku.mdx', 'src/pages/about.md'],
};

describe.each([
  ['Hugo', HUGO, 'hugo.toml'],
  ['Jekyll', JEKYLL, '_config.yml'],
  ['Astro', ASTRO, 'astro.config.mjs'],
] as const)('a %s site', (name, files, config) => {
  it('clean --check . and clean --check list only the posts; the summary names the site and what was walked', () => {
    writeTree(dir, files);
    for (const args of [['clean', '--check', '.'], ['clean', '--check']]) {
      const run = runCli(args, dir);
      expect(run.stderr).not.toContain('error');
      expect(run.status).toBe(1);
      expect(listed(run.stdout)).toEqual(EXPECTED[name]);
      expect(run.stderr).toContain(`is ${name === 'Astro' ? 'an' : 'a'} ${name} site (${config}): walked its content only`);
    }
  });

  it('writes the posts only: every template, theme, output and cache file is byte for byte as it was', () => {
    writeTree(dir, files);
    const before = readTree(dir);
    expect(runCli(['clean'], dir).status).toBe(0);
    const after = readTree(dir);
    const changed = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!)).map((file) => file.split(path.sep).join('/'));
    expect(changed.sort()).toEqual(EXPECTED[name]);
  });

  it('a folder named inside the site is walked whole, as named (the user asked for it)', () => {
    writeTree(dir, files);
    const folder = Object.keys(files).find((file) => /layouts?\//.test(file))!.split('/').slice(0, -1).join('/');
    const run = runCli(['clean', '--check', folder], dir);
    expect(run.status).toBe(1);
    expect(listed(run.stdout).length).toBeGreaterThan(0);
  });
});

describe('outside a site', () => {
  it('a folder is walked whole, as before', () => {
    writeTree(dir, { 'posts/a.md': post('a'), 'posts/layouts/b.html': `<p>${LINK}</p>\n` });
    const run = runCli(['clean', '--check', '.'], dir);
    expect(listed(run.stdout)).toEqual(['posts/a.md', 'posts/layouts/b.html']);
    expect(run.stderr).not.toContain('site');
  });

  it('the configuration\'s "content" says what the folder holds, also with no path', () => {
    writeTree(dir, {
      'blogfix.config.json': JSON.stringify({ content: ['entries', 'pages/*.html'] }),
      'entries/2019/a.md': post('a'),
      'pages/about.html': `<p>${LINK}</p>\n`,
      'pages/nested/skip.html': `<p>${LINK}</p>\n`,
      'templates/base.html': template,
    });
    for (const args of [['clean', '--check'], ['clean', '--check', '.']]) {
      const run = runCli(args, dir);
      expect(listed(run.stdout)).toEqual(['entries/2019/a.md', 'pages/about.html']);
      expect(run.stderr).toContain('walked the "content" of blogfix.config.json: entries/, pages/*.html');
    }
  });

  it('"content" replaces a recognised site\'s folders', () => {
    writeTree(dir, { ...HUGO, 'blogfix.config.json': JSON.stringify({ content: ['content/posts/*.md'] }) });
    expect(listed(runCli(['clean', '--check'], dir).stdout)).toEqual(['content/posts/2019-11-03-ishizuchi.md']);
  });

  it('no path, no site, no "content": a usage error, exit 2', () => {
    writeTree(dir, { 'a.md': post('a') });
    const run = runCli(['clean', '--check'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^blogfix: error no paths given, and \. is not the root of a site blogfix recognises \(Hexo, Jekyll, Hugo/);
    expect(run.stdout).toBe('');
  });

  it('Hexo is told from Jekyll (both have _config.yml); Eleventy walks its input folder minus _includes', () => {
    writeTree(dir, {
      'hexo/_config.yml': 'title: blog\n',
      'hexo/scaffolds/post.md': `---\ntitle: {{ title }}\n---\n${MD_LINK}\n`,
      'hexo/source/_posts/a.md': post('a'),
      'hexo/themes/landscape/layout/post.html': template,
      'hexo/public/index.html': template,
      'eleventy/eleventy.config.js': 'export default function () {}\n',
      'eleventy/content/blog/a.md': post('a'),
      'eleventy/content/_includes/layouts/base.html': template,
      'eleventy/_site/index.html': template,
    });
    const run = runCli(['clean', '--check', 'hexo', 'eleventy'], dir);
    expect(listed(run.stdout)).toEqual(['eleventy/content/blog/a.md', 'hexo/source/_posts/a.md']);
    expect(run.stderr).toContain('hexo is a Hexo site (_config.yml)');
    expect(run.stderr).toContain('eleventy is an Eleventy site (eleventy.config.js)');
  });
});

describe('glob patterns', () => {
  it('are expanded, quoted or not, filtered by the ignore files; a pattern matching nothing is an error', () => {
    writeTree(dir, {
      'content/posts/a.md': post('a'),
      'content/posts/b.md': post('b'),
      'content/posts/c.html': `<p>${LINK}</p>\n`,
      'content/drafts/d.md': post('d'),
      'content/posts/image.png': 'not a post',
      '.blogfixignore': 'content/drafts/\n',
    });
    const run = runCli(['clean', '--check', 'content/**/*.md'], dir);
    expect(run.status).toBe(1);
    expect(listed(run.stdout)).toEqual(['content/posts/a.md', 'content/posts/b.md']);
    const all = runCli(['clean', '--check', 'content/**'], dir);
    expect(listed(all.stdout)).toEqual(['content/posts/a.md', 'content/posts/b.md', 'content/posts/c.html']);
    const none = runCli(['clean', '--check', 'content/**/*.mdx', 'content/posts/a.md'], dir);
    expect(none.status).toBe(2);
    expect(listed(none.stdout)).toEqual(['content/posts/a.md']);
    expect(none.stderr).toContain('content/**/*.mdx\n  error    no post matches this pattern');
    const ignored = runCli(['clean', '--check', 'content/drafts/*.md'], dir);
    expect(ignored.status).toBe(2);
    expect(ignored.stderr).toContain('no post matches this pattern that the ignore files do not leave out (1 left out)');
  });

  it('a path that exists is taken as written, even with pattern characters in its name', () => {
    writeTree(dir, { 'posts/[draft] a.md': post('a'), 'posts/d.md': post('d') });
    expect(listed(runCli(['clean', '--check', 'posts/[draft] a.md'], dir).stdout)).toEqual(['posts/[draft] a.md']);
  });
});

describe('MDX through the command line', () => {
  it('a post whose MDX does not parse is refused, untouched, with its line and column; the others are cleaned', () => {
    const broken = `---\ntitle: 壊れた\n---\n\n${MD_LINK}\n\n<div>\n<p>閉じていない\n</div>\n`;
    writeTree(dir, { 'broken.mdx': broken, 'good.mdx': post('good') });
    const run = runCli(['clean', '.'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('broken.mdx\n  error    MDX does not parse at line 8, column 1: Expected a closing tag for `<p>` (8:1-8:4)');
    expect(run.stderr).toContain('left untouched');
    expect(fs.readFileSync(path.join(dir, 'broken.mdx'), 'utf8')).toBe(broken);
    expect(fs.readFileSync(path.join(dir, 'good.mdx'), 'utf8')).toBe('---\ntitle: good\n---\n\n登山の記録。\n');
  });
});

describe('--to-utf8', () => {
  const eucPost = () => lazyIconv().encode(`<meta charset="EUC-JP">\n<p>山の記録。</p>\n`, 'euc-jp');

  it('--check lists an EUC-JP post with nothing else to do; --dry-run shows the conversion; the write gives UTF-8', () => {
    writeTree(dir, { 'a.html': eucPost(), 'b.html': '<p>もう UTF-8。</p>\n' });
    const check = runCli(['clean', '--check', '--to-utf8', '.'], dir);
    expect(check.status).toBe(1);
    expect(listed(check.stdout)).toEqual(['a.html']);
    const dry = runCli(['clean', '--dry-run', '--to-utf8', 'a.html'], dir);
    expect(dry.status).toBe(1);
    expect(dry.stdout).toContain('# blogfix: a.html is EUC-JP; --to-utf8 writes it as UTF-8');
    expect(dry.stdout).toContain('-<meta charset="EUC-JP">\n+<meta charset="UTF-8">\n');
    expect(fs.readFileSync(path.join(dir, 'a.html')).equals(eucPost())).toBe(true);
    expect(runCli(['clean', '--to-utf8', '.'], dir).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toBe('<meta charset="UTF-8">\n<p>山の記録。</p>\n');
    expect(runCli(['clean', '--check', '--to-utf8', '.'], dir).status).toBe(0);
  });

  it('without it, an EUC-JP post stays EUC-JP', () => {
    writeTree(dir, { 'a.html': eucPost() });
    expect(runCli(['clean', '--check', '.'], dir).status).toBe(0);
  });
});

describe('Hatena notation in --format json', () => {
  it('lists every construct and its line', () => {
    writeTree(dir, { 'a.md': '[f:id:yama:20191103101500j:image]\n\n本文((脚注))。\n\n*見出し\n' });
    const run = runCli(['clean', '--check', '--format', 'json', 'a.md'], dir);
    const report = JSON.parse(run.stdout) as { files: { warnings: { pass: string; notation?: unknown }[] }[] };
    const warning = report.files[0]!.warnings.find((item) => item.pass === 'hatena-notation');
    expect(warning?.notation).toEqual([
      { construct: '[f:id:…]', line: 1 },
      { construct: '((…))', line: 3 },
      { construct: '*見出し', line: 5 },
    ]);
    expect(run.status).toBe(0);
  });
});
