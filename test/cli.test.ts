/**
 * The built command on temporary copies: what it writes, prints and exits with.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, readTree, ROOT, runCli, tempDir, writeTree, useTempDir } from './helpers/cli.js';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples/hatena-post.html'));
const EXPECTED = fs.readFileSync(path.join(ROOT, 'fixtures/_all/example-post/expected.html'));
const CLEAN = '<p>nothing to fix here</p>\n';
const DIRTY_MD = '---\ntitle: t\n---\n<p><a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a></p>\n';

let dir: string;
useTempDir((created) => (dir = created));

describe('blogfix clean', () => {
  it('rewrites changed posts in place, leaves unchanged ones unwritten, exits 0', () => {
    writeTree(dir, { 'posts/a.html': EXAMPLE, 'posts/b.html': CLEAN });
    const before = fs.statSync(path.join(dir, 'posts/b.html')).mtimeMs;
    const run = runCli(['clean', 'posts'], dir);
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'posts/a.html')).equals(EXPECTED)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'posts/b.html'), 'utf8')).toBe(CLEAN);
    expect(fs.statSync(path.join(dir, 'posts/b.html')).mtimeMs).toBe(before);
    expect(run.stderr).toMatch(/2 files scanned, 1 changed, 0 failed/);
    expect(run.stderr).toMatch(/keyword-links\s+5\n\s+herf\s+1\n\s+blank-target\s+3\n\s+affiliate-pixels\s+1\n\s+pre-escaped-html\s+1/);
    expect(fs.readdirSync(path.join(dir, 'posts')).sort()).toEqual(['a.html', 'b.html']);
  });

  it('--dry-run writes nothing, prints a patch git apply takes, and exits 1', () => {
    writeTree(dir, { 'posts/a.html': EXAMPLE, 'posts/b.html': CLEAN, 'posts/c.md': DIRTY_MD });
    const before = readTree(dir);
    const run = runCli(['clean', '--dry-run', 'posts'], dir);
    expect(run.status).toBe(1);
    expect(readTree(dir)).toEqual(before);
    expect(run.stdout).toMatch(/^diff --git a\/posts\/a\.html b\/posts\/a\.html\n--- a\/posts\/a\.html\n\+\+\+ b\/posts\/a\.html\n@@ /);
    expect(run.stdout).not.toContain('b.html');

    // the patch gives exactly what clean in place gives
    const inPlace = tempDir();
    try {
      writeTree(inPlace, Object.fromEntries(before));
      expect(runCli(['clean', 'posts'], inPlace).status).toBe(0);
      fs.writeFileSync(path.join(dir, 'patch.diff'), run.stdout);
      const apply = spawnSync('git', ['apply', '-p1', 'patch.diff'], { cwd: dir, encoding: 'utf8' });
      expect(apply.stderr).toBe('');
      expect(apply.status).toBe(0);
      fs.rmSync(path.join(dir, 'patch.diff'));
      expect(readTree(dir)).toEqual(readTree(inPlace));
    } finally {
      fs.rmSync(inPlace, { recursive: true, force: true });
    }
  });

  it('--dry-run on clean posts prints nothing and exits 0', () => {
    writeTree(dir, { 'a.html': EXPECTED, 'b.html': CLEAN });
    const run = runCli(['clean', '--dry-run', '.'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('--check lists the posts that would change, writes nothing, exits 1', () => {
    writeTree(dir, { 'a.html': EXAMPLE, 'b.html': CLEAN, 'sub/c.md': DIRTY_MD });
    const before = readTree(dir);
    const run = runCli(['clean', '--check', '.'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('a.html\nsub/c.md\n');
    expect(readTree(dir)).toEqual(before);
  });

  it('--only and --skip choose passes', () => {
    writeTree(dir, { 'a.html': EXAMPLE });
    const only = runCli(['clean', '--dry-run', '--only', 'herf,blank-target', 'a.html'], dir);
    expect(only.stdout).toContain('+    <li>13:00-13:45　<a href="https://example.com/slides/monitoring" target="_blank"');
    expect(only.stdout).not.toContain('-<p>週末');
    const skip = runCli(['clean', '--dry-run', '--skip', 'keyword-links', '--skip', 'pre-escaped-html', 'a.html'], dir);
    expect(skip.stdout).not.toContain('-<p>週末');
    expect(skip.stdout).toContain('ir-jp.amazon-adsystem.com');
    expect(skip.stderr).toMatch(/keyword-links\s+0\n\s+herf\s+1/);
  });

  it('walks folders for post extensions, skipping node_modules and dot-folders; a named file is taken whatever its extension', () => {
    writeTree(dir, {
      'site/a.htm': DIRTY_MD,
      'site/b.markdown': DIRTY_MD,
      'site/c.txt': DIRTY_MD,
      'site/d.json': DIRTY_MD,
      'site/node_modules/e.html': DIRTY_MD,
      'site/.git/f.html': DIRTY_MD,
      'site/.hidden.html': DIRTY_MD,
      'other.post': DIRTY_MD,
    });
    const run = runCli(['clean', '--check', 'site', 'other.post'], dir);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual(['site/a.htm', 'site/b.markdown', 'site/c.txt', 'other.post']);
  });

  it('a file that fails is named with its reason, the others are still cleaned, exit 2', () => {
    writeTree(dir, { 'a.html': EXAMPLE, 'b.html': Buffer.from([0x3c, 0x70, 0x3e, 0x00, 0x01, 0x02]), 'c.html': Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x41, 0xa4]) });
    const run = runCli(['clean', '.', 'missing.html'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/b\.html\n\s+error\s+binary file \(NUL byte at offset 3\)/);
    expect(run.stderr).toMatch(/c\.html\n\s+error\s+cannot decode without loss: not UTF-8 \(byte 0xff at offset 3\)/);
    expect(run.stderr).toMatch(/missing\.html\n\s+error\s+no such file or folder/);
    expect(fs.readFileSync(path.join(dir, 'a.html')).equals(EXPECTED)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'b.html'))).toEqual(Buffer.from([0x3c, 0x70, 0x3e, 0x00, 0x01, 0x02]));
  });

  it('--dry-run exits 2 rather than 1 when a file failed', () => {
    writeTree(dir, { 'a.html': EXAMPLE, 'b.html': Buffer.from([0]) });
    expect(runCli(['clean', '--dry-run', '.'], dir).status).toBe(2);
  });

  it('colours the patch on request only', () => {
    writeTree(dir, { 'a.html': EXAMPLE });
    const plain = runCli(['clean', '--dry-run', 'a.html'], dir);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    const forced = runCli(['clean', '--dry-run', 'a.html'], dir, { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(forced.stdout).toMatch(/\u001b\[31m-<p>週末/);
    const off = runCli(['clean', '--dry-run', 'a.html'], dir, { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(off.stdout).not.toMatch(/\u001b\[/);
  });

  it('usage errors exit 2; help and version exit 0', () => {
    expect(runCli(['clean', '--only', 'nope', '.'], dir).status).toBe(2);
    expect(runCli(['clean', '--dry-run', '--check', '.'], dir).status).toBe(2);
    expect(runCli(['clean'], dir).status).toBe(2);
    expect(runCli(['frobnicate'], dir).status).toBe(2);
    const help = runCli(['--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('clean [options] [paths...]');
    const version = runCli(['--version'], dir);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('blogfix passes', () => {
  it('lists every pass with its default, the presets that turn it on, and its description', () => {
    const run = runCli(['passes'], dir);
    expect(run.status).toBe(0);
    const rows = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s+/).slice(0, 3));
    expect(rows).toEqual([
      ['keyword-links', 'on', '-'],
      ['herf', 'on', '-'],
      ['blank-target', 'on', '-'],
      ['affiliate-pixels', 'on', '-'],
      ['pre-escaped-html', 'on', '-'],
      ['asin-links', 'on', '-'],
      ['https-images', 'on', '-'],
      ['blog-cards', 'off', 'leaving-hatena'],
      ['fotolife-links', 'off', 'leaving-hatena'],
      ['own-links', 'ownBlogs', 'leaving-hatena'],
    ]);
    expect(run.stdout).toMatch(/^blog-cards +off +leaving-hatena +Replace Hatena blog cards/m);
  });
});

describe('blogfix clean on every kind of post', () => {
  const formats = path.join(ROOT, 'fixtures/_formats');
  // a case with options.json (--to-utf8) needs settings these runs do not give
  const plain = () => fs.readdirSync(formats).filter((name) => !fs.existsSync(path.join(formats, name, 'options.json')));
  const copyFormats = (target: string) => {
    for (const name of plain()) {
      const input = fs.readdirSync(path.join(formats, name)).find((file) => file.startsWith('input.'))!;
      writeTree(target, { [`${name}/post${input.slice('input'.length)}`]: fs.readFileSync(path.join(formats, name, input)) });
    }
  };

  it('gives each post its expected bytes in place, in its own encoding and line endings', () => {
    copyFormats(dir);
    expect(runCli(['clean', '.'], dir).status).toBe(0);
    for (const name of plain()) {
      const files = fs.readdirSync(path.join(formats, name));
      const input = files.find((file) => file.startsWith('input.'))!;
      const ext = input.slice('input'.length);
      const expected = files.includes(`expected${ext}`) ? `expected${ext}` : input;
      expect(fs.readFileSync(path.join(dir, name, `post${ext}`)), name).toEqual(fs.readFileSync(path.join(formats, name, expected)));
    }
  });

  it('prints a patch that git apply takes for UTF-8 posts (CRLF, mixed endings, BOM, Markdown, exports) and marks the others', () => {
    copyFormats(dir);
    const run = runCli(['clean', '--dry-run', '.'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('# blogfix: euc-jp-post/post.html is euc-jp; this patch shows it decoded and does not apply with git apply\n');
    expect(run.stdout).toContain('# blogfix: shift-jis-post/post.html is shift_jis; this patch shows it decoded and does not apply with git apply\n');
    const inPlace = tempDir();
    try {
      copyFormats(inPlace);
      runCli(['clean', '.'], inPlace);
      fs.writeFileSync(path.join(dir, '..', `${path.basename(dir)}.diff`), run.stdout);
      const apply = spawnSync('git', ['apply', '-p1', '--exclude=euc-jp-post/*', '--exclude=shift-jis-post/*', path.join('..', `${path.basename(dir)}.diff`)], { cwd: dir, encoding: 'utf8' });
      fs.rmSync(path.join(dir, '..', `${path.basename(dir)}.diff`));
      expect(apply.stderr).toBe('');
      const after = readTree(dir);
      for (const [file, bytes] of readTree(inPlace)) {
        if (file.startsWith('euc-jp-post/') || file.startsWith('shift-jis-post/')) continue;
        expect(after.get(file), file).toEqual(bytes);
      }
    } finally {
      fs.rmSync(inPlace, { recursive: true, force: true });
    }
  });

  it('--check lists non-UTF-8 posts as it does any other', () => {
    copyFormats(dir);
    const listed = runCli(['clean', '--check', '.'], dir).stdout.split('\n');
    expect(listed).toContain('euc-jp-post/post.html');
    expect(listed).toContain('shift-jis-post/post.html');
    expect(listed).not.toContain('euc-jp-clean-post/post.html');
  });

  it('--encoding forces a reading and refuses a file that does not round-trip in it', () => {
    writeTree(dir, { 'a.html': fs.readFileSync(path.join(formats, 'euc-jp-post/input.html')) });
    const forced = runCli(['clean', '--check', '--encoding', 'shift_jis', 'a.html'], dir);
    expect(forced.status).toBe(2);
    expect(forced.stderr).toMatch(/does not round-trip as shift_jis: byte 0x\w\w at offset \d+; left untouched/);
    expect(runCli(['clean', '--check', '--encoding', 'EUC-JP', 'a.html'], dir).status).toBe(1);
  });

  it('names the entry of a Movable Type export for each edit', () => {
    writeTree(dir, { 'blog.example.com.export.txt': fs.readFileSync(path.join(formats, 'movable-type-export/input.export.txt')) });
    const run = runCli(['clean', '--dry-run', 'blog.example.com.export.txt'], dir);
    expect(run.stderr).toContain('[2019/04/14/000550] 4 edits (keyword-links 2, blank-target 1, affiliate-pixels 1)');
    expect(run.stderr).toContain('[comments-entry] 3 edits (herf 1, blank-target 1, keyword-links 1)');
    expect(run.stderr).toContain('[タイトルだけの記事] 1 edit (keyword-links 1)');
  });
});

describe('blogfix clean on many posts', () => {
  // short generated posts (1 to 6 blocks): many posts, quickly
  const generate = async () => {
    // @ts-expect-error: a plain script without types
    const { post } = (await import('../bench/generate.mjs')) as { post: (seed: number, index: number, cleanRatio: number, blocks: number) => { name: string; text: string } };
    return (seed: number, index: number) => post(seed, index, 0.2, 6);
  };

  // the same patch, stderr and files whatever the number of threads: test/differential.test.ts

  it('a reader that goes away (| head) ends nothing badly: no EPIPE crash, the run finishes, its exit code stands', async () => {
    const post = await generate();
    writeTree(dir, Object.fromEntries(Array.from({ length: 120 }, (_, index) => post(11, index)).map(({ name, text }) => [name, text])));
    const before = readTree(dir);
    // the patch is far more than a pipe holds (64 KB); head takes one line and closes the pipe
    const piped = spawnSync('bash', ['-c', '"$0" "$1" clean --dry-run . | head -n 1 >/dev/null; echo "status ${PIPESTATUS[0]}" >&2', process.execPath, BIN], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(piped.stderr).not.toMatch(/EPIPE|Error/);
    expect(piped.stderr).toMatch(/120 files scanned, \d+ would change, 0 failed/);
    expect(piped.stderr).toMatch(/status 1\n$/);
    expect(readTree(dir)).toEqual(before);
  });
});
