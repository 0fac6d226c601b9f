/**
 * Never lose a post: what the command does to the files it writes, under
 * real conditions (another user's rights, a full file system, a low limit on
 * open files, a second process writing the same post, Ctrl-C). Every case
 * checks the bytes on disk afterwards, and that no temporary file is left.
 * The SIGKILL fault test is scripts/kill-test.mjs (run by .ci/run).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanBytes, commitAsync, commitSync, prepareFile } from '../src/engine/clean-file.js';
import { selectPasses } from '../src/passes/index.js';
import { runTargets } from '../src/cli/runner.js';
// @ts-expect-error plain JavaScript, no types
import { movableTypeExport, post } from '../bench/generate.mjs';
import { BIN, readTree, runCli, useTempDir, writeTree } from './helpers/cli.js';
import { handOver, NOBODY, runCliOnSmallDisk, runCliUnprivileged, smallDiskUnavailable, unprivilegedUnavailable } from './helpers/sandbox.js';

const KEYWORD = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>';
const DIRTY = `<p>${KEYWORD} と <a herf="https://example.com/" target="_brank">リンク</a></p>\n`;
const CLEANED = '<p>Go と <a href="https://example.com/" target="_blank">リンク</a></p>\n';
const passes = selectPasses();
const TEMP = /\.blogfix-\d+-[0-9a-f]+\.tmp$/;

/** The bytes a normal run gives a post. */
const cleaned = (bytes: Buffer, name: string) => cleanBytes(bytes, name, { passes, path: name }).output;

/** Every blogfix temporary file under a folder. */
function tempsUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((entry) => TEMP.test(entry));
}

let dir: string;
useTempDir((created) => (dir = created));

/** `count` generated posts written into the test's folder: name to bytes. */
function generatedPosts(count: number, seed: number): Map<string, Buffer> {
  const originals = new Map<string, Buffer>();
  for (let index = 0; index < count; index++) {
    const { name, text } = post(seed, index) as { name: string; text: string };
    writeTree(dir, { [name]: text });
    originals.set(name, Buffer.from(text));
  }
  return originals;
}

describe('what a replaced post keeps', () => {
  it('its mode', () => {
    const modes: Record<string, number> = { 'a.html': 0o600, 'b.html': 0o640, 'c.html': 0o755, 'd.html': 0o444, 'e.html': 0o666, 'f.html': 0o2775 };
    for (const [name, mode] of Object.entries(modes)) {
      writeTree(dir, { [name]: DIRTY });
      fs.chmodSync(path.join(dir, name), mode);
    }
    // as root a 0444 post is replaced, as an editor run as root would; as anyone else it is refused (below)
    const names = Object.keys(modes).filter((name) => process.getuid?.() === 0 || modes[name]! & 0o200);
    expect(runCli(['clean', ...names], dir).status).toBe(0);
    for (const name of names) {
      expect(fs.readFileSync(path.join(dir, name), 'utf8'), name).toBe(CLEANED);
      expect(fs.statSync(path.join(dir, name)).mode & 0o7777, name).toBe(modes[name]);
    }
  });

  it.runIf(process.getuid?.() === 0)('its owner, when root cleans another user\'s post', () => {
    writeTree(dir, { 'a.html': DIRTY });
    fs.chownSync(path.join(dir, 'a.html'), NOBODY.uid, NOBODY.gid);
    expect(runCli(['clean', 'a.html'], dir).status).toBe(0);
    const stat = fs.statSync(path.join(dir, 'a.html'));
    expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toBe(CLEANED);
    expect([stat.uid, stat.gid]).toEqual([NOBODY.uid, NOBODY.gid]);
  });

  it('a symlink named on the command line stays a link; its target is cleaned, no temporary file is left on either side', () => {
    writeTree(dir, { 'real/post.html': DIRTY });
    fs.symlinkSync('real/post.html', path.join(dir, 'link.html'));
    fs.symlinkSync('link.html', path.join(dir, 'chain.html'));
    const run = runCli(['clean', 'chain.html'], dir);
    expect(run.status).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'chain.html')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(path.join(dir, 'chain.html'))).toBe('link.html');
    expect(fs.readlinkSync(path.join(dir, 'link.html'))).toBe('real/post.html');
    expect(fs.readFileSync(path.join(dir, 'real/post.html'), 'utf8')).toBe(CLEANED);
    expect(tempsUnder(dir)).toEqual([]);
  });

  it('symlinks met while walking a folder are not followed', () => {
    writeTree(dir, { 'posts/a.html': DIRTY, 'outside/b.html': DIRTY, 'outside/sub/c.html': DIRTY });
    fs.symlinkSync('../outside/b.html', path.join(dir, 'posts/linked.html'));
    fs.symlinkSync('../outside', path.join(dir, 'posts/linked-folder'));
    const check = runCli(['clean', '--check', 'posts'], dir);
    expect(check.stdout).toBe('posts/a.html\n');
    expect(runCli(['clean', 'posts'], dir).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'posts/a.html'), 'utf8')).toBe(CLEANED);
    expect(fs.readFileSync(path.join(dir, 'outside/b.html'), 'utf8')).toBe(DIRTY);
    expect(fs.readFileSync(path.join(dir, 'outside/sub/c.html'), 'utf8')).toBe(DIRTY);
    expect(fs.lstatSync(path.join(dir, 'posts/linked.html')).isSymbolicLink()).toBe(true);
  });

  it('a post with hard links is refused with a clear message, its links intact; the others are cleaned; exit 2', () => {
    writeTree(dir, { 'posts/a.html': DIRTY, 'posts/b.html': DIRTY });
    fs.linkSync(path.join(dir, 'posts/a.html'), path.join(dir, 'elsewhere.html'));
    const run = runCli(['clean', 'posts'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/posts\/a\.html\n\s+error\s+has 2 hard links; replacing it would split them, so it was left as is/);
    const a = fs.statSync(path.join(dir, 'posts/a.html'));
    expect(a.nlink).toBe(2);
    expect(a.ino).toBe(fs.statSync(path.join(dir, 'elsewhere.html')).ino);
    expect(fs.readFileSync(path.join(dir, 'posts/a.html'), 'utf8')).toBe(DIRTY);
    expect(fs.readFileSync(path.join(dir, 'posts/b.html'), 'utf8')).toBe(CLEANED);
    expect(tempsUnder(dir)).toEqual([]);
  });
});

describe('temporary files', () => {
  it('one left by a killed run is never taken for a post, walked or named', () => {
    const leftover = '.a.html.blogfix-4242-0badc0de.tmp';
    writeTree(dir, { 'posts/a.html': DIRTY, [`posts/${leftover}`]: DIRTY });
    expect(runCli(['clean', '--check', 'posts'], dir).stdout).toBe('posts/a.html\n');
    const named = runCli(['clean', `posts/${leftover}`, 'posts/a.html'], dir);
    expect(named.status).toBe(2);
    expect(named.stderr).toContain(`posts/${leftover}\n  error    a temporary file left by an interrupted blogfix run, not a post`);
    expect(fs.readFileSync(path.join(dir, 'posts', leftover), 'utf8')).toBe(DIRTY);
    expect(fs.readFileSync(path.join(dir, 'posts/a.html'), 'utf8')).toBe(CLEANED);
  });
});

describe('permissions (run as an unprivileged user: root may write anything)', () => {
  const why = unprivilegedUnavailable();
  it.skipIf(why)(`a read-only post, an unreadable post and an unreadable folder: each named with its reason, the rest cleaned, exit 2${why ? ` (skipped: ${why})` : ''}`, () => {
    writeTree(dir, { 'posts/a-read-only.html': DIRTY, 'posts/b-secret.html': DIRTY, 'posts/c-locked/d.html': DIRTY, 'posts/e.html': DIRTY, 'posts/f-foreign.html': DIRTY });
    handOver(dir);
    if (process.getuid?.() === 0) fs.chownSync(path.join(dir, 'posts/f-foreign.html'), 0, 0);
    fs.chmodSync(path.join(dir, 'posts/a-read-only.html'), 0o444);
    fs.chmodSync(path.join(dir, 'posts/b-secret.html'), 0o000);
    fs.chmodSync(path.join(dir, 'posts/c-locked'), 0o000);
    fs.chmodSync(path.join(dir, 'posts/f-foreign.html'), 0o666);
    try {
      const run = runCliUnprivileged(['clean', 'posts'], dir);
      expect(run.stderr).toMatch(/posts\/a-read-only\.html\n\s+error\s+is read-only \(no write permission\); not changed/);
      expect(run.stderr).toMatch(/posts\/b-secret\.html\n\s+error\s+cannot read: permission denied/);
      expect(run.stderr).toMatch(/posts\/c-locked\n\s+error\s+cannot read folder: permission denied/);
      if (process.getuid?.() === 0) expect(run.stderr).toMatch(/posts\/f-foreign\.html\n\s+error\s+belongs to another user \(uid 0, gid 0\) that a replacement could not keep; not changed/);
      expect(run.status).toBe(2);
      expect(fs.readFileSync(path.join(dir, 'posts/e.html'), 'utf8')).toBe(CLEANED);
      expect(fs.readFileSync(path.join(dir, 'posts/a-read-only.html'), 'utf8')).toBe(DIRTY);
      expect(tempsUnder(path.join(dir, 'posts')).filter((entry) => !entry.startsWith('c-locked'))).toEqual([]);
    } finally {
      fs.chmodSync(path.join(dir, 'posts/c-locked'), 0o755);
    }
    expect(fs.readFileSync(path.join(dir, 'posts/c-locked/d.html'), 'utf8')).toBe(DIRTY);
    if (process.getuid?.() === 0) expect(fs.readFileSync(path.join(dir, 'posts/f-foreign.html'), 'utf8')).toBe(DIRTY);
  });
});

describe('a full disk', () => {
  const why = smallDiskUnavailable();
  it.skipIf(why)(`a post that does not fit is left whole, its temporary file removed, the others still cleaned, exit 2${why ? ` (skipped: ${why})` : ''}`, () => {
    const big = DIRTY.repeat(Math.ceil((400 << 10) / DIRTY.length));
    const small = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`p${String(index).padStart(2, '0')}.html`, DIRTY]));
    const run = runCliOnSmallDisk(640, { 'a-big.html': big, ...small }, ['clean', '.']);
    expect(run.stderr).toMatch(/a-big\.html\n\s+error\s+cannot write: no space left on the device/);
    expect(run.status).toBe(2);
    expect(run.after.get('a-big.html')!.toString()).toBe(big);
    // posts written alongside the big one may have met the full disk too (and said so); those after it all fit
    const failed = new Set([...run.stderr.matchAll(/^(\S+)\n\s+error\s+cannot write: no space left on the device$/gm)].map((match) => match[1]));
    for (const name of Object.keys(small)) expect(run.after.get(name)!.toString(), name).toBe(failed.has(name) ? DIRTY : CLEANED);
    expect(failed.size).toBeLessThan(10);
    expect([...run.after.keys()].sort()).toEqual(['a-big.html', ...Object.keys(small)]);
  });

  it.skipIf(why)(`the same for a big post written while it is cleaned (streamed)${why ? ` (skipped: ${why})` : ''}`, () => {
    const big = DIRTY.repeat(Math.ceil((5 << 20) / DIRTY.length));
    const run = runCliOnSmallDisk(6 << 10, { 'a.html': DIRTY, 'big.html': big }, ['clean', '.']);
    expect(run.stderr).toMatch(/big\.html\n\s+error\s+cannot write: no space left on the device/);
    expect(run.status).toBe(2);
    expect(run.after.get('big.html')!.toString()).toBe(big);
    expect(run.after.get('a.html')!.toString()).toBe(CLEANED);
    expect([...run.after.keys()].sort()).toEqual(['a.html', 'big.html']);
  });
});

describe('too many open files', () => {
  const withLimit = (limit: number, args: string[]) =>
    spawnSync('bash', ['-c', `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('under ulimit -n 64 with 8 workers asked for: the workers fit the limit and every post is cleaned', () => {
    const originals = generatedPosts(300, 7);
    const run = withLimit(64, ['clean', '--jobs', '8', '.']);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
    const after = readTree(dir);
    for (const [name, bytes] of originals) expect(after.get(name)!.equals(cleaned(bytes, name)), name).toBe(true);
  });

  it('under a limit too low for even one thread: a clear error per post that could not be opened, every other post cleaned, exit 2', () => {
    const originals = generatedPosts(300, 7);
    const run = withLimit(25, ['clean', '.']);
    const failed = [...run.stderr.matchAll(/^(\S+)\n\s+error\s+(.*)$/gm)];
    expect(failed.length).toBeGreaterThan(0);
    for (const [, , message] of failed) expect(message).toMatch(/^cannot (read|write): too many open files$/);
    expect(run.status).toBe(2);
    const failedNames = new Set(failed.map((match) => match[1]));
    const after = readTree(dir);
    for (const [name, bytes] of originals) {
      const expected = failedNames.has(name) ? bytes : cleaned(bytes, name);
      expect(after.get(name)!.equals(expected), name).toBe(true);
    }
    expect(tempsUnder(dir)).toEqual([]);
  });
});

describe('a post changed by someone else between our read and our write is not overwritten', () => {
  const settings = { mode: 'write' as const, passes };

  it('changed after it was cleaned, before it was written (both ways of writing)', async () => {
    for (const commit of ['sync', 'async']) {
      writeTree(dir, { 'a.html': DIRTY });
      const file = path.join(dir, 'a.html');
      const prepared = prepareFile({ display: 'a.html', file }, settings);
      expect(prepared.replacement).toBeDefined();
      fs.appendFileSync(file, '<p>their edit</p>\n');
      const result = commit === 'sync' ? commitSync(prepared) : await commitAsync(prepared);
      expect(result.status).toBe('failed');
      expect(result.error).toBe('changed by someone else since it was read; not overwritten');
      expect(fs.readFileSync(file, 'utf8')).toBe(`${DIRTY}<p>their edit</p>\n`);
      expect(tempsUnder(dir)).toEqual([]);
    }
  });

  it('changed while a big post is being cleaned and written (the streaming write)', () => {
    const text = movableTypeExport(3, 400) as string;
    expect(text.length).toBeGreaterThan(4 << 20);
    writeTree(dir, { 'blog.export.txt': text });
    const file = path.join(dir, 'blog.export.txt');
    let edited = false;
    const { result } = prepareFile(
      { display: 'blog.export.txt', file },
      {
        ...settings,
        onProgress(done, total) {
          // half way: the temporary file is being written; someone saves the post
          if (!edited && done > total / 2) {
            expect(tempsUnder(dir)).toHaveLength(1);
            fs.appendFileSync(file, 'COMMENT:\nmine\n-----\n');
            edited = true;
          }
        },
      },
    );
    expect(edited).toBe(true);
    expect(result.status).toBe('failed');
    expect(result.error).toBe('changed by someone else while it was being cleaned; not overwritten');
    expect(fs.readFileSync(file, 'utf8')).toBe(`${text}COMMENT:\nmine\n-----\n`);
    expect(tempsUnder(dir)).toEqual([]);
  });

  it('changed by a second process while the command runs', async () => {
    const text = movableTypeExport(5, 1500) as string;
    writeTree(dir, { 'blog.export.txt': text, 'other.html': DIRTY });
    const file = path.join(dir, 'blog.export.txt');
    const child = spawn(process.execPath, [BIN, 'clean', 'blog.export.txt', 'other.html'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // the temporary file shows the post was read and is being written: now someone saves it
    let caught = false;
    while (child.exitCode === null && !caught) {
      if (tempsUnder(dir).some((name) => name.includes('blog.export.txt'))) {
        fs.appendFileSync(file, 'COMMENT:\nmine\n-----\n');
        caught = true;
      } else await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const status = await exited;
    expect(caught, 'the run ended before its temporary file was seen').toBe(true);
    expect(stderr).toMatch(/blog\.export\.txt\n\s+error\s+changed by someone else while it was being cleaned; not overwritten/);
    expect(status).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${text}COMMENT:\nmine\n-----\n`);
    expect(fs.readFileSync(path.join(dir, 'other.html'), 'utf8')).toBe(CLEANED);
    expect(tempsUnder(dir)).toEqual([]);
  });
});

describe('Ctrl-C', () => {
  /** Start the command, send `signal` once a temporary file (of `of`, if given) shows a write under way, and wait. */
  async function interrupt(args: string[], signal: NodeJS.Signals = 'SIGINT', of = '') {
    const child = spawn(process.execPath, [BIN, 'clean', ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let sent = false;
    while (child.exitCode === null && !sent) {
      if (tempsUnder(dir).some((name) => name.includes(of))) {
        child.kill(signal);
        sent = true;
      } else await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const status = await exited;
    expect(sent, 'the run ended before a write was seen under way').toBe(true);
    return { status, stderr };
  }

  /** Every post is as it was or exactly as a full run makes it; at least one is still as it was. */
  function expectWholePosts(originals: Map<string, Buffer>) {
    const after = readTree(dir);
    let untouched = 0;
    for (const [name, bytes] of originals) {
      const now = after.get(name)!;
      const done = cleaned(bytes, name);
      expect(now.equals(bytes) || now.equals(done), name).toBe(true);
      if (now.equals(bytes) && !done.equals(bytes)) untouched++;
    }
    expect(untouched, 'the signal came after every post was written').toBeGreaterThan(0);
    expect(tempsUnder(dir)).toEqual([]);
  }

  it('in the main thread: exit 130, no temporary file left, every post as it was or fully cleaned', async () => {
    const originals = generatedPosts(400, 11);
    const { status, stderr } = await interrupt(['--jobs', '1', '.']);
    expect(status).toBe(130);
    expect(stderr).toMatch(/interrupted by SIGINT: every post is either as it was or fully cleaned/);
    expectWholePosts(originals);
  });

  it('on worker threads, with a big post half-written: exit 130, its temporary file removed, the post as it was', async () => {
    const originals = generatedPosts(100, 11);
    const text = movableTypeExport(9, 1500) as string;
    writeTree(dir, { 'blog.export.txt': text });
    originals.set('blog.export.txt', Buffer.from(text));
    // the signal comes once the export's temporary file is there
    const { status } = await interrupt(['--jobs', '2', 'blog.export.txt', '.'], 'SIGINT', 'blog.export.txt');
    expect(status).toBe(130);
    expect(fs.readFileSync(path.join(dir, 'blog.export.txt'), 'utf8')).toBe(text);
    expectWholePosts(originals);
  });

  it('a lone big export is cleaned off the main thread, so Ctrl-C stops it half-written: exit 130, the export as it was', async () => {
    const text = movableTypeExport(9, 1500) as string;
    writeTree(dir, { 'blog.export.txt': text });
    const { status, stderr } = await interrupt(['blog.export.txt'], 'SIGINT', 'blog.export.txt');
    expect(status).toBe(130);
    expect(stderr).toMatch(/interrupted by SIGINT/);
    expect(fs.readFileSync(path.join(dir, 'blog.export.txt'), 'utf8')).toBe(text);
    expect(tempsUnder(dir)).toEqual([]);
  });

  it('SIGTERM does the same and exits 143', async () => {
    const originals = generatedPosts(400, 11);
    const { status, stderr } = await interrupt(['.'], 'SIGTERM');
    expect(status).toBe(143);
    expect(stderr).toMatch(/interrupted by SIGTERM/);
    expectWholePosts(originals);
  });
});

describe('worker threads that cannot start', () => {
  it('leave their posts to the main thread, which cleans them all, in order, and says so', async () => {
    const previous = process.env.BLOGFIX_WORKER_SCRIPT_;
    process.env.BLOGFIX_WORKER_SCRIPT_ = './no-such-worker.js';
    try {
      const names = Array.from({ length: 80 }, (_, index) => `p${String(index).padStart(3, '0')}.html`);
      writeTree(dir, Object.fromEntries(names.map((name) => [name, DIRTY])));
      const seen: string[] = [];
      const notices: string[] = [];
      await runTargets(
        names.map((name) => ({ display: name, file: path.join(dir, name) })),
        { mode: 'write', keepFixes: false },
        { jobs: 2, onResult: (result) => seen.push(`${result.display} ${result.status}`), onNotice: (message) => notices.push(message) },
      );
      expect(seen).toEqual(names.map((name) => `${name} changed`));
      expect(notices).toEqual([expect.stringMatching(/^the worker threads could not start \(.+\); the posts are cleaned in the main thread$/)]);
      for (const name of names) expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(CLEANED);
    } finally {
      if (previous === undefined) delete process.env.BLOGFIX_WORKER_SCRIPT_;
      else process.env.BLOGFIX_WORKER_SCRIPT_ = previous;
    }
  });
});
