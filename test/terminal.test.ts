/**
 * What a person at a terminal sees: the patch with its changed words marked,
 * and progress on long runs; and what a pipe or a CI log gets instead.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fc from 'fast-check';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { colorPatch, wordPieces } from '../src/report/highlight.js';
import { filePatch } from '../src/report/patch.js';
import { Progress, wantsProgress } from '../src/report/progress.js';
import { runClean } from '../src/cli/run.js';
import { BIN, runCli, tempDir, writeTree, useTempDir } from './helpers/cli.js';

const colors = pc.createColors(true);
const ANSI = /\u001b\[[0-9;]*m/g;
const INVERSE = /\u001b\[7m(.*?)\u001b\[27m/g;

// one long paragraph, as Hatena wrote them, with one keyword link in the middle
const before = `<p>${'長い段落の文章が続きます。'.repeat(25)}<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">クラウド</a>${'さらに文章が続きます。'.repeat(25)}</p>`;
const start = before.indexOf('<a class');
const end = before.indexOf('</a>') + 4;

let dir: string;
useTempDir((created) => (dir = created));

describe('the patch on a terminal', () => {
  it('marks only the changed words of a long line', () => {
    const patch = filePatch('a.html', `${before}\n`, [{ start, end, text: 'クラウド' }]);
    const colored = colorPatch(patch, colors);
    const marked = [...colored.matchAll(INVERSE)].map((match) => match[1]);
    expect(marked).toEqual(['<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">', '</a>']);
    expect(before.length).toBeGreaterThan(600);
  });

  it('is the same patch once the colours are taken out', () => {
    const line = fc.stringMatching(/^[a-d <>"=]{0,12}$/);
    const text = fc.array(line, { minLength: 1, maxLength: 12 }).map((lines) => `${lines.join('\n')}\n`);
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(200), fc.nat(6), fc.stringMatching(/^[xy\n ]{0,5}$/)), { minLength: 1, maxLength: 4 }), fc.boolean(), (source, cuts, chopEnd) => {
        const input = chopEnd ? source.slice(0, -1) : source;
        const segments: { start: number; end: number; text: string }[] = [];
        let cursor = 0;
        for (const [at, length, text] of cuts.sort((a, b) => a[0] - b[0])) {
          const from = Math.max(cursor, at % (input.length + 1));
          const to = Math.min(input.length, from + length);
          segments.push({ start: from, end: to, text });
          cursor = to;
        }
        const patch = filePatch('a.html', input, segments);
        expect(colorPatch(patch, colors).replace(ANSI, '')).toBe(patch);
      }),
      { numRuns: 300 },
    );
  });

  it('does not mark a rewrite, where nearly every word changed', () => {
    expect(wordPieces(['one two three four'], ['five six seven eight'])).toBeUndefined();
    expect(wordPieces(['<a herf="x">y</a>'], ['<a href="x">y</a>'])!.added[0]).toEqual([
      { text: '<a ', changed: false },
      { text: 'href', changed: true },
      { text: '="x">y</a>', changed: false },
    ]);
  });

  it('a real terminal gets the marks; a pipe gets a plain patch', () => {
    writeTree(dir, { 'a.html': `${before}\n` });
    const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm' };
    const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} clean --dry-run a.html`, '/dev/null'], { cwd: dir, encoding: 'utf8', env });
    expect(tty.status).toBe(1);
    expect([...tty.stdout.matchAll(INVERSE)].map((match) => match[1])).toEqual(['<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">', '</a>']);
    const piped = runCli(['clean', '--dry-run', 'a.html'], dir, { NO_COLOR: undefined });
    expect(piped.stdout).not.toMatch(ANSI);
    expect(piped.stdout).toBe(filePatch('a.html', `${before}\n`, [{ start, end, text: 'クラウド' }]));
  });
});

/** A stream that records what is written, looking like a terminal or not. */
function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (chunk: string | Uint8Array) => chunks.push(String(chunk)), get text() { return chunks.join(''); } };
}

describe('progress', () => {
  it('shows files done of total and files per second, no more than ten times a second, only after a moment', () => {
    let now = 0;
    const stream = recorder(true);
    const progress = new Progress(stream, 1000, { after: 500, now: () => now });
    for (let file = 1; file <= 1000; file++) {
      now = file * 2; // 500 files a second
      progress.tick();
    }
    const drawn = stream.chunks.filter((chunk) => chunk.includes('files/s'));
    expect(drawn[0]).toBe('\r\u001b[Kblogfix: 250/1000 files, 500 files/s');
    expect(drawn.at(-1)).toBe('\r\u001b[Kblogfix: 1000/1000 files, 500 files/s');
    expect(drawn).toHaveLength(16); // from 0.5 s to 2 s, every 0.1 s
    progress.clear();
    expect(stream.chunks.at(-1)).toBe('\r\u001b[K');
  });

  it('shows how far one big post has got, in a run of one post too', async () => {
    // @ts-expect-error: a plain script without types
    const { movableTypeExport } = await import('../bench/generate.mjs');
    writeTree(dir, { 'blog.export.txt': (movableTypeExport as (seed: number, entries: number) => string)(5, 150) });
    const stderr = recorder(true);
    await runClean({ paths: [dir], mode: 'check', progressAfter: 0, color: false, config: false }, { stdout: recorder(false), stderr, env: {} });
    const drawn = [...stderr.text.matchAll(/blogfix: (?:\d+\/\d+ files, )?\S*blog\.export\.txt (\d+)% \([\d.]+ of ([\d.]+) MB\)/g)];
    expect(drawn.length).toBeGreaterThan(0);
    const percents = drawn.map((match) => Number(match[1]));
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    // erased before the messages that follow it
    const last = stderr.text.lastIndexOf('MB)');
    expect(stderr.text.slice(last + 3, last + 7)).toBe('\r\u001b[K');
    expect(stderr.text).toContain('blogfix: 1 file scanned');
  });

  it('is drawn on a terminal only: not in CI, not for TERM=dumb, not with --quiet', () => {
    expect(wantsProgress({ isTTY: true, write() {} }, {}, false)).toBe(true);
    expect(wantsProgress({ isTTY: true, write() {} }, { CI: 'false' }, false)).toBe(true);
    expect(wantsProgress({ isTTY: false, write() {} }, {}, false)).toBe(false);
    expect(wantsProgress({ isTTY: true, write() {} }, { CI: 'true' }, false)).toBe(false);
    expect(wantsProgress({ isTTY: true, write() {} }, { CI: '1' }, false)).toBe(false);
    expect(wantsProgress({ isTTY: true, write() {} }, { TERM: 'dumb' }, false)).toBe(false);
    expect(wantsProgress({ isTTY: true, write() {} }, {}, true)).toBe(false);
  });

  it('in a run, is erased before any message and at the end, so the messages read clean', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 5; index++) files[`p${index}.html`] = '<p><a href="x" target="blank">x</a></p>\n';
    writeTree(dir, files);
    const run = async (isTTY: boolean, env: NodeJS.ProcessEnv) => {
      const stdout = recorder(isTTY);
      const stderr = recorder(isTTY);
      await runClean({ paths: [dir], mode: 'check', progressAfter: 0, color: false, config: false }, { stdout, stderr, env });
      return stderr.text;
    };
    const tty = await run(true, {});
    expect(tty).toMatch(/\r\u001b\[Kblogfix: [1-5]\/5 files, \d+ files\/s\r\u001b\[K/);
    // every message starts on a clean line and the summary comes after the last erase
    expect(tty.replace(/\r\u001b\[Kblogfix: \d\/5 files, \d+ files\/s/g, '').replace(/\r\u001b\[K/g, '')).toBe(await run(false, {}));
    const summary = tty.indexOf('blogfix: 5 files scanned');
    expect(tty.slice(tty.lastIndexOf('files/s'), summary)).toContain('\r\u001b[K');
    expect(await run(true, { CI: 'true' })).not.toContain('files/s');
  });
});
