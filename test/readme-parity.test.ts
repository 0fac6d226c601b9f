/**
 * README.md and README.ja.md are kept in step: the same sections, and both
 * list every option (read from the commander program), every pass (from the
 * pass registry) and every configuration key (from config.ts). A failure
 * says what is missing in which README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/cli.js';
import { CONFIG_KEYS } from '../src/cli/config.js';
import { passNames } from '../src/passes/index.js';
import { ROOT } from './helpers/cli.js';

const READMES = ['README.md', 'README.ja.md'] as const;
const text = Object.fromEntries(READMES.map((name) => [name, fs.readFileSync(path.join(ROOT, name), 'utf8')])) as Record<(typeof READMES)[number], string>;

/** The README without its fenced code blocks (whose `#` lines are comments, not headings). */
const prose = (readme: string) => readme.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');

/** Every long option of every command, e.g. `--dry-run (clean)`. */
function options(): { flag: string; command: string }[] {
  const out: { flag: string; command: string }[] = [];
  const program = buildProgram();
  for (const command of [program, ...program.commands]) {
    for (const option of command.options) {
      if (option.long && option.long !== '--help') out.push({ flag: option.long, command: command.name() });
    }
  }
  return out;
}

/** What one README lacks, one line each. */
function missing(name: (typeof READMES)[number]): string[] {
  const readme = text[name];
  const lacks: string[] = [];
  for (const { flag, command } of options()) {
    if (!new RegExp(`${flag.replace(/[-]/g, '\\-')}(?![\\w-])`).test(readme)) lacks.push(`${name}: option ${flag} (${command === 'blogfix' ? 'blogfix' : `blogfix ${command}`})`);
  }
  for (const pass of passNames) if (!readme.includes(`| \`${pass}\` |`)) lacks.push(`${name}: pass ${pass} (a row "| \`${pass}\` |" in the passes table)`);
  for (const key of CONFIG_KEYS) if (!readme.includes(`| \`${key}\` |`)) lacks.push(`${name}: configuration key ${key} (a row "| \`${key}\` |" in the keys table)`);
  return lacks;
}

describe('README.md and README.ja.md', () => {
  it('both list every option, pass and configuration key', () => {
    const lacks = READMES.flatMap(missing);
    expect(lacks, `missing:\n${lacks.join('\n')}`).toEqual([]);
  });

  it('have the same sections: the same headings, level for level, in the same order', () => {
    const headings = (readme: string) => [...prose(readme).matchAll(/^(#{1,6}) (.*)$/gm)].map((match) => ({ level: match[1]!.length, title: match[2]! }));
    const en = headings(text['README.md']);
    const ja = headings(text['README.ja.md']);
    const differences: string[] = [];
    for (let index = 0; index < Math.max(en.length, ja.length); index++) {
      const a = en[index];
      const b = ja[index];
      if (a?.level !== b?.level) {
        differences.push(`heading ${index + 1}: README.md ${a ? `${'#'.repeat(a.level)} ${a.title}` : '(none)'} / README.ja.md ${b ? `${'#'.repeat(b.level)} ${b.title}` : '(none)'}`);
        break;
      }
    }
    expect(differences, differences.join('\n')).toEqual([]);
  });

  it('point at each other', () => {
    expect(text['README.md']).toContain('(README.ja.md)');
    expect(text['README.ja.md']).toContain('(README.md)');
  });
});
