/**
 * Properties over every fixture, with the whole chain of passes:
 * - with every pass off the bytes come back identical;
 * - a second run changes nothing (idempotent);
 * - line endings and a BOM travel through: CRLF in gives the same result with CRLF,
 *   a BOM in gives the same result with the BOM.
 */
import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { cleanString } from '../src/engine/clean-string.js';
import { selectPasses } from '../src/passes/index.js';
import { loadFixtures } from './helpers/fixtures.js';

const all = selectPasses();
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const clean = (bytes: Buffer, file: string, passes = all, options: Record<string, unknown> = {}) => cleanBytes(bytes, file, { ...options, passes, path: file });
const toCrlf = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

describe('properties over the fixtures', () => {
  for (const fixture of loadFixtures()) {
    describe(`${fixture.pass}/${fixture.name}`, () => {
      it('is byte-identical with every pass off', () => {
        const result = clean(fixture.input, fixture.file, []);
        expect(result.output.equals(fixture.input)).toBe(true);
        expect(result.fixes).toHaveLength(0);
      });

      it('changes nothing on a second run', () => {
        const once = clean(fixture.input, fixture.file, all, fixture.options);
        const twice = clean(once.output, fixture.file, all, fixture.options);
        expect(twice.fixes).toEqual([]);
        expect(twice.output.equals(once.output)).toBe(true);
      });

      it('gives the same bytes from the string path, the bytes path and the streaming path', () => {
        const result = clean(fixture.input, fixture.file);
        const byRegion = cleanBytes(fixture.input, fixture.file, { passes: all, path: fixture.file, byteRegionsFrom: 0 });
        expect(byRegion.output.equals(result.output)).toBe(true);
        expect(byRegion.tally).toEqual(result.tally);
        expect(byRegion.warnings.map((w) => [w.line, w.column, w.start, w.message])).toEqual(result.warnings.map((w) => [w.line, w.column, w.start, w.message]));
        const streamed: Buffer[] = [];
        cleanBytes(fixture.input, fixture.file, { passes: all, path: fixture.file, byteRegionsFrom: 0, sink: (chunk) => streamed.push(chunk) });
        expect(Buffer.concat(streamed.length ? streamed : [fixture.input]).equals(result.output)).toBe(true);
        if (!isUtf8(fixture.input) || fixture.input.subarray(0, 3).equals(BOM)) return;
        const text = cleanString(fixture.input.toString('utf8'), { path: fixture.file, passes: all });
        expect(text.output).toBe(result.output.toString('utf8'));
        expect(text.tally).toEqual(result.tally);
      });

      it('keeps CRLF line endings', () => {
        if (fixture.input.includes(0x0d)) return;
        const passes = fixture.pass.startsWith('_') ? all : selectPasses([fixture.pass], undefined, undefined, fixture.options);
        const result = clean(toCrlf(fixture.input), fixture.file, passes, fixture.options);
        expect(result.output.toString('latin1')).toBe(toCrlf(fixture.expected).toString('latin1'));
      });

      it('keeps a byte order mark', () => {
        // a BOM only goes with UTF-8
        if (fixture.input.subarray(0, 3).equals(BOM) || !isUtf8(fixture.input)) return;
        const passes = fixture.pass.startsWith('_') ? all : selectPasses([fixture.pass], undefined, undefined, fixture.options);
        const result = clean(Buffer.concat([BOM, fixture.input]), fixture.file, passes, fixture.options);
        expect(result.output.equals(Buffer.concat([BOM, fixture.expected]))).toBe(true);
      });
    });
  }
});
