/**
 * `blogfix images` as users run it (the built command), against a real HTTP
 * server on 127.0.0.1 that the configuration's imageHosts points at. No test
 * touches the network.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImages } from '../../src/images/command.js';
import { BIN, readTree, tempDir, useTempDir, writeTree } from '../helpers/cli.js';
import { GIF, JPEG, PNG, runCliAsync, startImageServer, type ImageServer } from '../helpers/image-server.js';

let server: ImageServer;
let dir: string;
useTempDir((created) => (dir = created));
beforeAll(async () => {
  server = await startImageServer({ slowMs: 5000 });
});
afterAll(() => server.close());

/** Quick failures: 1 s per request (the slow answer takes 5), one retry 10 ms later. */
const QUICK = ['--timeout', '1', '--retries', '1'];
const ENV = { BLOGFIX_RETRY_DELAY_MS_: '10' };

const config = () => JSON.stringify({ imageHosts: [server.host] });

/** The same run in this process (quicker than starting the command): its exit code and stderr. */
async function runHere(cwd: string, options: { out: string; url: string; mode?: 'write' | 'dry-run' | 'check' }) {
  let stderr = '';
  let stdout = '';
  const status = await runImages(
    { paths: [path.join(cwd, 'posts')], out: options.out, url: options.url, mode: options.mode ?? 'write', cwd, timeoutMs: 1000, retries: 1, retryDelayMs: 10 },
    { stdout: { write: (chunk) => (stdout += String(chunk)) }, stderr: { write: (chunk) => (stderr += String(chunk)) }, env: {} },
  );
  return { status, stdout, stderr };
}
const u = (urlPath: string) => `${server.origin}/${urlPath}`;

/** Posts whose images all download, under a path of their own on the server. */
function goodPosts(run: string): Record<string, string> {
  return {
    'blogfix.config.json': config(),
    'posts/a.html': `<p><a href="${u(`${run}/fotolife/1.png`)}" class="hatena-fotolife"><img src="${u(`${run}/fotolife/1.png`)}" alt="写真"></a></p>\n<pre class="code">&lt;img src="${u(`${run}/code.png`)}"&gt;</pre>\n`,
    'posts/b.md': `---\ntitle: b\n---\n![photo](${u(`${run}/2.jpg`)})\n\n<img src="${u(`${run}/3.gif`)}" srcset="${u(`${run}/fotolife/1.png`)} 2x">\n\n\`${u(`${run}/code.png`)}\`\n`,
    'posts/c.html': '<p>no images here</p>\n',
  };
}

describe('blogfix images', () => {
  it('downloads each image once, rewrites the posts losslessly, and keeps the URL of each image that failed (exit 2)', async () => {
    writeTree(dir, {
      'blogfix.config.json': config(),
      'posts/mixed.html': [
        `<img src="${u('run1/ok.png')}">`,
        `<img src="${u('run1/photo.jpg')}">`,
        `<img src="${u('run1/anim.gif')}">`,
        `<img src="${u('run1/missing.png')}">`,
        `<img src="${u('run1/flaky.png')}">`,
        `<img src="${u('run1/slow.png')}">`,
        `<img src="${u('run1/error-page.png')}">`,
        '',
      ].join('\n'),
      'posts/fine.html': `<p><img src="${u('run1/ok.png')}"> <img src="https://example.com/elsewhere.png"></p>\n`,
    });
    const run = await runCliAsync(['images', 'posts', '--out', 'static', '--url', '/images', ...QUICK], dir, ENV);
    expect(run.status).toBe(2);

    // the images that came, byte for byte, at their path on the host
    expect(fs.readFileSync(path.join(dir, 'static/run1/ok.png')).equals(PNG)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'static/run1/photo.jpg')).equals(JPEG)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'static/run1/anim.gif')).equals(GIF)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'static/run1/flaky.png')).equals(PNG)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'static/run1')).sort()).toEqual(['anim.gif', 'flaky.png', 'ok.png', 'photo.jpg']);
    // each once, though two posts show ok.png; the 500 was tried again; the slow one twice (timeout, retry)
    expect(server.hits.get('/run1/ok.png')).toBe(1);
    expect(server.hits.get('/run1/flaky.png')).toBe(2);
    expect(server.hits.get('/run1/missing.png')).toBe(1);
    expect(server.hits.get('/run1/slow.png')).toBe(2);
    expect(server.hits.get('/run1/error-page.png')).toBe(1);

    // the post with failures is rewritten for the others, and only for them
    expect(fs.readFileSync(path.join(dir, 'posts/mixed.html'), 'utf8')).toBe(
      [
        '<img src="/images/run1/ok.png">',
        '<img src="/images/run1/photo.jpg">',
        '<img src="/images/run1/anim.gif">',
        `<img src="${u('run1/missing.png')}">`,
        '<img src="/images/run1/flaky.png">',
        `<img src="${u('run1/slow.png')}">`,
        `<img src="${u('run1/error-page.png')}">`,
        '',
      ].join('\n'),
    );
    expect(fs.readFileSync(path.join(dir, 'posts/fine.html'), 'utf8')).toBe('<p><img src="/images/run1/ok.png"> <img src="https://example.com/elsewhere.png"></p>\n');

    expect(run.stderr).toContain(`kept ${u('run1/missing.png')}: could not be downloaded (HTTP 404 Not Found)`);
    // listed in the order the post shows them (the slow one fails last)
    expect(run.stderr).toContain(
      '3 images could not be downloaded; the posts keep their URLs:\n' +
        `  ${u('run1/missing.png')}  HTTP 404 Not Found\n` +
        `  ${u('run1/slow.png')}  timed out after 1 s (after 2 attempts)\n` +
        `  ${u('run1/error-page.png')}  not an image: the server sent text/html\n`,
    );
    expect(run.stderr).toContain('blogfix: 2 files scanned, 2 changed, 0 failed, 3 warnings');
    expect(run.stderr).toContain('blogfix: 7 images: 4 downloaded, 0 already in static, 3 failed');
    // no progress bar off a terminal
    expect(run.stderr).not.toContain('\r');
  });

  it('a second run downloads nothing: over the rewritten posts, and over the same posts again', async () => {
    writeTree(dir, goodPosts('second'));
    const original = readTree(dir);
    const first = await runCliAsync(['images', 'posts', '--out', 'assets', '--url', '/assets', ...QUICK], dir, ENV);
    expect(first.stderr).toContain('blogfix: 3 images: 3 downloaded, 0 already in assets, 0 failed');
    expect(first.status).toBe(0);
    const after = readTree(dir);
    expect(after.get('posts/a.html')!.toString()).toBe(
      `<p><a href="/assets/second/fotolife/1.png" class="hatena-fotolife"><img src="/assets/second/fotolife/1.png" alt="写真"></a></p>\n<pre class="code">&lt;img src="${u('second/code.png')}"&gt;</pre>\n`,
    );
    expect(after.get('posts/b.md')!.toString()).toBe(
      `---\ntitle: b\n---\n![photo](/assets/second/2.jpg)\n\n<img src="/assets/second/3.gif" srcset="/assets/second/fotolife/1.png 2x">\n\n\`${u('second/code.png')}\`\n`,
    );
    expect(after.get('posts/c.html')).toEqual(original.get('posts/c.html'));
    const hits = server.total();

    // over the posts it rewrote: nothing left to do
    const again = await runHere(dir, { out: 'assets', url: '/assets' });
    expect(again.status).toBe(0);
    expect(readTree(dir)).toEqual(after);
    expect(server.total()).toBe(hits);

    // over the same posts as they were (say, a branch without the rewrite): the images are in assets already
    for (const name of ['posts/a.html', 'posts/b.md']) fs.writeFileSync(path.join(dir, name), original.get(name)!);
    const fresh = await runHere(dir, { out: 'assets', url: '/assets' });
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toContain('blogfix: 3 images: 0 downloaded, 3 already in assets, 0 failed');
    expect(server.total()).toBe(hits);
    expect(readTree(dir)).toEqual(after);
  });

  it('a second run over a thousand images already in <out> fetches none, with 128 files allowed open', async () => {
    const count = 1000;
    const files: Record<string, string | Buffer> = { 'blogfix.config.json': config() };
    let post = '';
    for (let index = 0; index < count; index++) {
      files[`static/many/${index}.png`] = PNG;
      post += `<p><img src="${u(`many/${index}.png`)}"></p>\n`;
    }
    files['posts/a.html'] = post;
    writeTree(dir, files);
    const hits = server.total();
    const run = await runCliAsync(['-c', `ulimit -n 128 && exec "${process.execPath}" "${BIN}" images posts --out static --url /img --timeout 5`], dir, ENV, undefined, '/bin/sh');
    expect(run.stderr).toContain(`blogfix: ${count} images: 0 downloaded, ${count} already in static, 0 failed`);
    expect(run.status).toBe(0);
    expect(server.total()).toBe(hits);
    expect(fs.readFileSync(path.join(dir, 'posts/a.html'), 'utf8')).toBe(post.replaceAll(`${server.origin}/`, '/img/'));
  });

  it('--dry-run downloads and writes nothing, exits 1, and its patch gives exactly the in-place result', async () => {
    writeTree(dir, goodPosts('dry'));
    const before = readTree(dir);
    const hits = server.total();
    const run = await runCliAsync(['images', 'posts', '--out', 'static', '--url', '/img', '--dry-run'], dir, ENV);
    expect(run.status).toBe(1);
    expect(server.total()).toBe(hits);
    expect(readTree(dir)).toEqual(before);
    expect(run.stdout).toMatch(/^diff --git a\/posts\/a\.html b\/posts\/a\.html\n/);
    expect(run.stdout).not.toContain('c.html');
    expect(run.stderr).toContain('blogfix: 3 images on image hosts, 3 not yet in static (would be downloaded)');

    const inPlace = tempDir();
    try {
      writeTree(inPlace, Object.fromEntries(before));
      expect((await runHere(inPlace, { out: 'static', url: '/img' })).status).toBe(0);
      fs.writeFileSync(path.join(dir, 'patch.diff'), run.stdout);
      const apply = spawnSync('git', ['apply', '-p1', 'patch.diff'], { cwd: dir, encoding: 'utf8' });
      expect(apply.stderr).toBe('');
      expect(apply.status).toBe(0);
      fs.rmSync(path.join(dir, 'patch.diff'));
      const applied = readTree(dir);
      const written = readTree(inPlace);
      for (const name of ['posts/a.html', 'posts/b.md', 'posts/c.html']) expect(applied.get(name)!.toString()).toBe(written.get(name)!.toString());
    } finally {
      fs.rmSync(inPlace, { recursive: true, force: true });
    }
  });

  it('--check lists the posts that would change and exits 1; 0 once there is nothing to move', async () => {
    writeTree(dir, goodPosts('check'));
    const before = readTree(dir);
    const run = await runCliAsync(['images', 'posts', '--out', 'static', '--url', '/img', '--check'], dir, ENV);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('posts/a.html\nposts/b.md\n');
    expect(readTree(dir)).toEqual(before);
    fs.rmSync(path.join(dir, 'posts/a.html'));
    fs.rmSync(path.join(dir, 'posts/b.md'));
    const clean = await runHere(dir, { out: 'static', url: '/img', mode: 'check' });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe('');
  });

  it('refuses a run without --out or --url, and a --url on an image host (exit 2)', async () => {
    writeTree(dir, goodPosts('usage'));
    const noOut = await runCliAsync(['images', 'posts', '--url', '/img'], dir, ENV);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain("required option '--out <folder>' not specified");
    const noUrl = await runCliAsync(['images', 'posts', '--out', 'static'], dir, ENV);
    expect(noUrl.status).toBe(2);
    const onHost = await runCliAsync(['images', 'posts', '--out', 'static', '--url', `${server.origin}/moved`], dir, ENV);
    expect(onHost.status).toBe(2);
    expect(onHost.stderr).toContain('is on an image host');
    expect(fs.existsSync(path.join(dir, 'static'))).toBe(false);
  });

  it('reads imageHosts from the configuration: without it, the server is not an image host', async () => {
    writeTree(dir, goodPosts('noconfig'));
    const before = readTree(dir);
    const run = await runCliAsync(['images', 'posts', '--out', 'static', '--url', '/img', '--no-config'], dir, ENV);
    expect(run.status).toBe(0);
    expect(readTree(dir)).toEqual(before);
  });

  it('Ctrl-C stops the downloads: exit 130, the post as it was, no temporary file', async () => {
    writeTree(dir, {
      'blogfix.config.json': config(),
      'posts/a.html': `<img src="${u('stop/1.png')}"><img src="${u('stop/slow.png')}">\n`,
    });
    const before = readTree(dir);
    const run = await runCliAsync(['images', 'posts', '--out', 'static', '--url', '/img', '--timeout', '20'], dir, ENV, (child) => {
      // once the slow request has reached the server, the other image is on disk
      const poll = setInterval(() => {
        if (server.hits.get('/stop/slow.png') && fs.existsSync(path.join(dir, 'static/stop/1.png'))) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 10);
    });
    expect(run.status).toBe(130);
    expect(run.stderr).toContain('interrupted by SIGINT');
    expect(readTree(path.join(dir, 'posts'))).toEqual(new Map([['a.html', before.get('posts/a.html')]]));
    // what came is whole; nothing half-written is left
    expect(fs.readdirSync(path.join(dir, 'static/stop'))).toEqual(['1.png']);
  });

  it('draws a progress bar on a terminal only', async () => {
    const output = (isTTY: boolean) => {
      let text = '';
      return { isTTY, write: (chunk: string | Uint8Array) => (text += String(chunk)), text: () => text };
    };
    for (const isTTY of [true, false]) {
      const work = tempDir();
      try {
        writeTree(work, goodPosts(`bar-${isTTY}`));
        const stderr = output(isTTY);
        const code = await runImages(
          { paths: [path.join(work, 'posts')], out: 'static', url: '/img', mode: 'write', cwd: work, config: path.join(work, 'blogfix.config.json'), progressAfter: 0, retryDelayMs: 10, timeoutMs: 2000 },
          { stdout: output(false), stderr, env: {} },
        );
        expect(code).toBe(0);
        if (isTTY) expect(stderr.text()).toMatch(/\r\u001b\[Kblogfix: images \[#{20}\] 3\/3/);
        else expect(stderr.text()).not.toContain('blogfix: images [');
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    }
  });
});
