/**
 * Disable comments: blogfix-disable / blogfix-enable / blogfix-disable-next-line,
 * with or without pass names, in HTML and Markdown; a comment that silences
 * nothing is reported.
 */
import { describe, expect, it } from 'vitest';
import { cleanString } from '../src/engine/clean-string.js';
import { runCli, useTempDir, writeTree } from './helpers/cli.js';

const HERF = '<p><a herf="https://example.com/">a</a></p>';
const BLANK = '<p><a href="https://example.com/" target="blank">b</a></p>';

function clean(input: string, path = 'post.html') {
  const result = cleanString(input, { path });
  return { output: result.output, warnings: result.warnings.map((w) => `${w.pass}: ${w.message}`), fixes: result.fixes.map((f) => f.pass) };
}

describe('disable comments in HTML', () => {
  it('blogfix-disable … blogfix-enable: nothing between is fixed or reported; before and after are', () => {
    const input = `${HERF}\n<!-- blogfix-disable -->\n${HERF}\n${BLANK}\n<!-- blogfix-enable -->\n${HERF}\n`;
    const { output, warnings, fixes } = clean(input);
    expect(output).toBe(`${HERF.replace('herf', 'href')}\n<!-- blogfix-disable -->\n${HERF}\n${BLANK}\n<!-- blogfix-enable -->\n${HERF.replace('herf', 'href')}\n`);
    expect(fixes).toEqual(['herf', 'herf']);
    expect(warnings).toEqual([]);
  });

  it('with pass names only those passes are silenced; without blogfix-enable it lasts to the end', () => {
    const input = `<!-- blogfix-disable blank-target -- reviewed: the window is named on purpose -->\n${HERF}\n${BLANK}\n`;
    const { output, warnings } = clean(input);
    expect(output).toBe(input.replace('herf', 'href'));
    expect(warnings).toEqual([]);
    // the notice comes back without the comment
    expect(clean(`${HERF}\n${BLANK}\n`).warnings).toEqual([expect.stringMatching(/^blank-target: /)]);
  });

  it('blogfix-disable-next-line silences the next line only', () => {
    const input = `<!-- blogfix-disable-next-line herf -->\n${HERF}\n${HERF}\n`;
    expect(clean(input).output).toBe(`<!-- blogfix-disable-next-line herf -->\n${HERF}\n${HERF.replace('herf', 'href')}\n`);
  });

  it('blogfix-enable with names turns those passes on again, the others stay off', () => {
    const input = `<!-- blogfix-disable herf, blank-target -->\n${HERF}\n<!-- blogfix-enable herf -->\n${HERF}\n${BLANK}\n`;
    const { output, warnings } = clean(input);
    expect(output).toBe(`<!-- blogfix-disable herf, blank-target -->\n${HERF}\n<!-- blogfix-enable herf -->\n${HERF.replace('herf', 'href')}\n${BLANK}\n`);
    expect(warnings).toEqual([]);
  });

  it('a comment that silences nothing is reported, naming the passes; so is an unknown pass', () => {
    expect(clean(`<!-- blogfix-disable -->\n<p>fine</p>\n`).warnings).toEqual(['engine: unused blogfix-disable comment: it silences nothing here']);
    expect(clean(`<!-- blogfix-disable-next-line herf, blank-target -->\n${HERF}\n`).warnings).toEqual(['engine: unused blogfix-disable-next-line comment: blank-target reports nothing here']);
    expect(clean(`<!-- blogfix-disable hrf -->\n${HERF}\n`)).toMatchObject({ fixes: ['herf'], warnings: [expect.stringMatching(/unknown pass "hrf"/)] });
    // a post no pass has anything to say about still has its unused comment reported
    expect(clean('<!-- blogfix-disable herf -->\n<p>plain</p>\n').warnings).toEqual(['engine: unused blogfix-disable comment: herf reports nothing here']);
  });

  it('a comment inside code is an example, not a directive', () => {
    const input = `<pre><code>&lt;p&gt;<!-- blogfix-disable --></code></pre>\n${HERF}\n`;
    expect(clean(input)).toMatchObject({ output: input.replace('herf', 'href'), warnings: [] });
  });

  it('text that only looks like a comment is not one: in an attribute value, in <title>', () => {
    const input = `<img src="x.png" alt="<!-- blogfix-disable -->">\n${HERF}\n`;
    expect(clean(input)).toMatchObject({ output: input.replace('herf', 'href'), fixes: ['herf'], warnings: [] });
    const page = `<!DOCTYPE html><html><head><title><!-- blogfix-disable --></title></head><body>${HERF}</body></html>\n`;
    expect(clean(page)).toMatchObject({ output: page.replace('herf', 'href'), fixes: ['herf'], warnings: [] });
  });

  it('in a tree deeper than the recursive walk takes (600 levels), in document order', () => {
    const deep = (inner: string) => `${'<div>'.repeat(600)}${inner}${'</div>'.repeat(600)}`;
    // the disable comment is 600 levels down, the enable comment after it at the top
    const input = `${deep(`<!-- blogfix-disable herf -->\n${HERF}\n<!-- blogfix-disable-next-line -->\n${BLANK}\n`)}\n<!-- blogfix-enable herf -->\n${HERF}\n`;
    const { output, fixes, warnings } = clean(input);
    expect(fixes).toEqual(['herf']);
    expect(output).toBe(input.slice(0, input.lastIndexOf(HERF)) + HERF.replace('herf', 'href') + '\n');
    expect(warnings).toEqual([]);
  });

  it('a second run changes nothing and reports the same', () => {
    const input = `<!-- blogfix-disable-next-line -->\n${HERF}\n${HERF}\n<!-- blogfix-disable blank-target -->\n`;
    const first = clean(input);
    const second = clean(first.output);
    expect(second.output).toBe(first.output);
    expect(second.warnings).toEqual(first.warnings);
  });
});

describe('disable comments in Markdown', () => {
  it('work where CommonMark reads raw HTML, not in code blocks or code spans', () => {
    const input = `# Post\n\n<!-- blogfix-disable-next-line -->\n${HERF}\n\n${HERF}\n\n\`\`\`html\n<!-- blogfix-disable -->\n\`\`\`\n\n${HERF}\n`;
    const { output, warnings } = clean(input, 'post.md');
    expect(output).toBe(`# Post\n\n<!-- blogfix-disable-next-line -->\n${HERF}\n\n${HERF.replace('herf', 'href')}\n\n\`\`\`html\n<!-- blogfix-disable -->\n\`\`\`\n\n${HERF.replace('herf', 'href')}\n`);
    expect(warnings).toEqual([]);
  });
});

describe('on the command line', () => {
  let dir: string;
  useTempDir((created) => (dir = created));

  it('silenced warnings no longer count for --max-warnings; an unused comment does', () => {
    const warned = '<p><cite><a href="http://d.hatena.ne.jp/keyword/Go">Go</a></cite></p>\n';
    writeTree(dir, { 'a.html': `<!-- blogfix-disable keyword-links -- reviewed -->\n${warned}` });
    expect(runCli(['clean', '--check', '--max-warnings', '0', 'a.html'], dir).status).toBe(0);
    writeTree(dir, { 'a.html': `<!-- blogfix-disable herf -->\n<p>plain</p>\n` });
    const run = runCli(['clean', '--check', '--max-warnings', '0', 'a.html'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/1:1 +warning +unused blogfix-disable comment: herf reports nothing here/);
  });
});
