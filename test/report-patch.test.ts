/**
 * The --dry-run patch is made on the report side (patchOf) from the texts a
 * post's result carries: only a post that would change carries them, and
 * only when a patch is wanted; the same patch comes out whichever way the
 * post was cleaned and after the copy a worker thread's result goes through.
 */
import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { encode } from '../src/formats/encoding.js';
import { selectPasses } from '../src/passes/index.js';
import { patchOf } from '../src/report/patch.js';

const passes = selectPasses();
const LINK = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">クラウド</a>';
const POST = `<p>line one</p>\n<p>${LINK} の話</p>\n<p>line three</p>\n`.repeat(3);

const clean = (bytes: Buffer, patch: boolean, byteRegionsFrom?: number) => cleanBytes(bytes, 'post.html', { passes, patch, byteRegionsFrom });

describe('the patch made on the report side', () => {
  it('is carried only by a post that would change, and only when a patch is wanted', () => {
    expect(clean(Buffer.from('<p>nothing to do</p>\n'), true).change).toBeUndefined();
    expect(clean(Buffer.from(POST), false).change).toBeUndefined();
    expect(clean(Buffer.from(POST), true).change).toBeDefined();
  });

  it.each([
    ['without a BOM', ''],
    ['with a BOM', '\ufeff'],
  ])('is the same for a post cleaned from its text or from its bytes (%s), and gives the output', (_name, bom) => {
    const bytes = Buffer.from(bom + POST);
    const fromText = clean(bytes, true);
    const fromBytes = clean(bytes, true, 0);
    expect(typeof fromText.change!.before).toBe('string');
    expect(fromBytes.change!.before).toBeInstanceOf(Uint8Array);
    const patch = patchOf(fromText)!;
    expect(patch).toMatch(/^diff --git a\/.*post\.html b\/.*post\.html\n/);
    expect(patchOf(fromBytes)).toBe(patch);
    expect(applyPatch(bom + POST, patch)).toBe(fromText.output.toString('utf8'));
  });

  it('is the same after the copy a result from a worker thread goes through', () => {
    for (const result of [clean(Buffer.from(POST), true), clean(Buffer.from(POST), true, 0)]) {
      const { chunks: _chunks, output: _output, ...plain } = result;
      const copied = structuredClone(plain);
      expect(Buffer.isBuffer(copied.change!.before)).toBe(false);
      expect(patchOf(copied)).toBe(patchOf(result));
    }
  });

  it('of a post that is not UTF-8 starts with a note and shows the decoded text', () => {
    const bytes = encode(POST, { encoding: 'euc-jp', bom: false });
    const result = cleanBytes(bytes, 'post.html', { passes, patch: true, encoding: 'euc-jp' });
    const patch = patchOf(result)!;
    expect(patch.split('\n')[0]).toBe('# blogfix: post.html is euc-jp; this patch shows it decoded and does not apply with git apply');
    expect(patch).toContain(`-<p>${LINK} の話</p>`);
  });

  it('of a post converted to UTF-8 shows only the lines that changed', () => {
    const bytes = encode(POST, { encoding: 'euc-jp', bom: false });
    const result = cleanBytes(bytes, 'post.html', { passes, patch: true, encoding: 'euc-jp', toUtf8: true });
    const patch = patchOf(result)!;
    expect(patch.split('\n')[0]).toBe('# blogfix: post.html is EUC-JP; --to-utf8 writes it as UTF-8 (every byte outside ASCII changes); the text changes below');
    // the three keyword lines are removed (and added again, cleaned), nothing else
    expect(patch.match(/^-/gm)!.length).toBe(4); // --- a/… and three removed lines
    expect(applyPatch(POST, patch.slice(patch.indexOf('\n') + 1))).toBe(result.output.toString('utf8'));
  });
});
