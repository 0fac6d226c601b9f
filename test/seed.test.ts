/**
 * The post this project started from (../shared/seeds, not copied here):
 * exactly 120 keyword links, 2 herf, 29 _brank, 6 pixels and 1 escaped <pre>
 * are repaired, and nothing else in the file changes. Skipped without ../shared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { passes } from '../src/passes/index.js';

const seeds = path.resolve(import.meta.dirname, '../../shared/seeds');
const seed = fs.existsSync(seeds) ? fs.readdirSync(seeds).map((name) => path.join(seeds, name))[0] : undefined;

describe('the seed post', () => {
  it.skipIf(!seed)('gets exactly its known repairs and nothing else', () => {
    const input = fs.readFileSync(seed!, 'utf8');
    const result = cleanBytes(Buffer.from(input), 'seed.txt', { passes, path: 'seed.txt' });
    expect({ ...result.tally.perPass }).toEqual({ 'keyword-links': 120, herf: 2, 'blank-target': 29, 'affiliate-pixels': 6, 'pre-escaped-html': 1 });

    // the same repairs made by hand, independently of the passes
    const pre = /<pre> (&lt;li&gt;[\s\S]*?)<\/pre>/.exec(input)!;
    const restored = `<ul> ${pre[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')}</li></ul>`;
    const expected = input
      .replace(pre[0], restored)
      .replace(/<a class="keyword" href="http:\/\/d\.hatena\.ne\.jp\/keyword\/[^"]*">([^<]*)<\/a>/g, '$1')
      .replace(/ herf=/g, ' href=')
      .replace(/target="_brank"/g, 'target="_blank"')
      .replace(/<img src="\/\/ir-jp\.amazon-adsystem\.com\/e\/ir\?[^"]*"[^>]*>/g, '');
    expect(result.output.toString('utf8')).toBe(expected);
  });
});
