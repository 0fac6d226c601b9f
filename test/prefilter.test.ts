/**
 * The prefilter decides, before any parsing, that a post needs nothing. It
 * must be sound: with it off (every pass parses every region) a post it lets
 * through must come out exactly the same, with the same reports. Checked over
 * the fixtures, generated posts and exports, and the real corpus when
 * ../shared is there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script without types
import { movableTypeExport, post } from '../bench/generate.mjs';
import type { CleanPostOptions } from '../src/engine/clean-post.js';
import { cleanString } from '../src/engine/clean-string.js';
import { hasHidingReference } from '../src/engine/prefilter.js';
import { loadFixtures } from './helpers/fixtures.js';
import { decode } from '../src/formats/encoding.js';

const summary = (result: ReturnType<typeof cleanString>) => ({
  output: result.output,
  tally: { ...result.tally, perPass: { ...result.tally.perPass }, perEntry: JSON.parse(JSON.stringify(result.tally.perEntry)) },
  warnings: result.warnings.map((report) => [report.pass, report.start, report.message]),
});

function sameWithoutPrefilter(text: string, options: CleanPostOptions = {}) {
  const filtered = cleanString(text, options);
  const unfiltered = cleanString(text, { ...options, prefilter: false });
  expect(summary(filtered)).toEqual(summary(unfiltered));
  return filtered;
}

describe('the prefilter is sound', () => {
  it('over every fixture', () => {
    for (const fixture of loadFixtures()) {
      sameWithoutPrefilter(decode(fixture.input).text, { path: fixture.file });
    }
  });

  it('over generated posts, dirty and already clean, and their cleaned output', () => {
    let skipped = 0;
    for (let index = 0; index < 200; index++) {
      // short posts (1 to 12 blocks): the same shapes, in less time
      const { name, text } = post(7, index, 0.3, 12) as { name: string; text: string };
      const result = sameWithoutPrefilter(text, { path: name });
      const again = sameWithoutPrefilter(result.output, { path: name });
      if (again.rounds === 0) skipped++;
    }
    // it does skip: most cleaned posts need no parse at all
    expect(skipped).toBeGreaterThan(50);
  });

  it('over a generated Movable Type export', () => {
    sameWithoutPrefilter(movableTypeExport(3, 40) as string, { path: 'blog.export.txt' });
  });

  it('when a needle is spelled with character references', () => {
    const hidden = '<p><a class="&#107;eyword" href="http://d.hatena.ne.jp/&#x6b;eyword/Go">Go</a> <a href="/x" target="&lowbar;brank">x</a></p>';
    expect(hasHidingReference(hidden)).toBe(true);
    const result = sameWithoutPrefilter(hidden);
    expect(result.output).toBe('<p>Go <a href="/x" target="&lowbar;brank">x</a></p>');
  });

  const corpus = path.resolve(import.meta.dirname, '../../shared/corpus');
  it.skipIf(!fs.existsSync(corpus))('over the real corpus in ../shared', () => {
    for (const file of fs.readdirSync(corpus).filter((name) => name !== 'MANIFEST.tsv')) {
      sameWithoutPrefilter(fs.readFileSync(path.join(corpus, file), 'utf8'), { path: file });
    }
  });
});
