/**
 * Every fixture pair: the pass alone turns input into expected, byte for byte,
 * and reports exactly what reports.txt lists.
 */
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { selectPasses } from '../src/passes/index.js';
import { loadFixtures, reportLines } from './helpers/fixtures.js';

describe('fixtures', () => {
  for (const fixture of loadFixtures()) {
    it(`${fixture.pass}: ${fixture.name}`, () => {
      const passes = fixture.pass.startsWith('_') ? selectPasses(undefined, undefined, undefined, fixture.options) : selectPasses([fixture.pass], undefined, undefined, fixture.options);
      const result = cleanBytes(fixture.input, fixture.file, { ...fixture.options, passes, path: fixture.file });
      expect(result.error).toBeUndefined();
      expect(result.output.toString('latin1')).toBe(fixture.expected.toString('latin1'));
      expect(result.status).toBe(fixture.input.equals(fixture.expected) ? 'unchanged' : 'changed');
      if (fixture.reports) expect(reportLines(result)).toEqual(fixture.reports);
    });
  }
});
