/**
 * Configuration as editors and users expect it: `$schema` and the JSON Schema
 * that ships, JSON errors with line and column, `.blogfixignore` beside the
 * configuration, and --print-config.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, jsonErrorAt, validateConfig } from '../src/cli/config.js';
import { isOnByDefault, passNames } from '../src/passes/index.js';
import { ROOT, runCli, useTempDir, writeTree } from './helpers/cli.js';

const SCHEMA_FILE = path.join(ROOT, 'schema/blogfix.config.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
const DIRTY = '<p><a herf="https://example.com/">a</a></p>\n';

let dir: string;
useTempDir((created) => (dir = created));

describe('$schema and the JSON Schema', () => {
  it('"$schema" is allowed (a string), and adds no setting', () => {
    expect(validateConfig({ $schema: './node_modules/blogfix/schema/blogfix.config.schema.json', gitignore: false })).toEqual({ gitignore: false });
    expect(() => validateConfig({ $schema: 1 })).toThrow(ConfigError);
    expect(() => validateConfig({ $schemas: 'x' })).toThrow(/unknown key "\$schemas"/);
  });

  it('the schema lists exactly the keys config.ts knows and the passes of the registry, and refuses any other', () => {
    const keys = Object.keys(schema.properties).filter((key) => key !== '$schema');
    const missing = CONFIG_KEYS.filter((key) => !keys.includes(key));
    const extra = keys.filter((key) => !(CONFIG_KEYS as readonly string[]).includes(key));
    expect({ missing, extra }, `schema/blogfix.config.schema.json "properties": add ${missing.join(', ') || '-'}, remove ${extra.join(', ') || '-'}`).toEqual({ missing: [], extra: [] });
    expect(schema.additionalProperties).toBe(false);
    const passes = Object.keys(schema.properties.passes.properties);
    expect(passes, 'schema/blogfix.config.schema.json "passes": the pass names of src/passes/index.ts').toEqual([...passNames]);
    expect(schema.properties.passes.additionalProperties).toBe(false);
    for (const key of keys) expect(schema.properties[key].description, `${key} has a description`).toBeTruthy();
  });

  it('ships in the package (package.json "files")', () => {
    const files: string[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).files;
    expect(files.some((entry) => 'schema/blogfix.config.schema.json'.startsWith(entry.replace(/\*.*$/, '')))).toBe(true);
  });
});

describe('JSON errors give the line and column', () => {
  it('jsonErrorAt finds where the JSON goes wrong', () => {
    expect(jsonErrorAt('{\n  "passes": {\n    "herf": false,\n  }\n}')).toEqual({ line: 4, column: 3 });
    expect(jsonErrorAt('{"a" 1}')).toEqual({ line: 1, column: 6 });
    expect(jsonErrorAt('\r\n\r\n  x')).toEqual({ line: 3, column: 3 });
    expect(jsonErrorAt('{"a": 1')).toEqual({ line: 1, column: 8 });
  });

  it('the command says file:line:column, and exits 2', () => {
    writeTree(dir, { 'blogfix.config.json': '{\n  "passes": {\n    "herf": false,\n  }\n}\n', 'a.html': DIRTY });
    const run = runCli(['clean', 'a.html'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/blogfix\.config\.json:4:3: not valid JSON: /);
    expect(run.stderr).not.toMatch(/position/);
  });
});

describe('.blogfixignore beside the configuration', () => {
  it('run from a subfolder, the ignore file beside the configuration found above applies, relative to that folder', () => {
    writeTree(dir, {
      'blogfix.config.json': '{}',
      '.blogfixignore': 'content/drafts/\n',
      'content/drafts/d.html': DIRTY,
      'content/posts/p.html': DIRTY,
    });
    const run = runCli(['clean', '--check', '..'], path.join(dir, 'content'));
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([path.join('..', 'content', 'posts', 'p.html')]);
    // a .blogfixignore in the working folder is not the configuration's
    writeTree(dir, { 'content/.blogfixignore': 'posts/\n' });
    expect(runCli(['clean', '--check', '.'], path.join(dir, 'content')).stdout.split('\n').filter(Boolean)).toEqual([path.join('posts', 'p.html')]);
  });

  it('without a configuration: the nearest one up to the top of the git work tree', () => {
    writeTree(dir, { '.blogfixignore': 'drafts/\n', 'site/drafts/d.html': DIRTY, 'site/posts/p.html': DIRTY });
    // outside a work tree only the working folder's counts
    expect(runCli(['clean', '--check', '.'], path.join(dir, 'site')).stdout.split('\n').filter(Boolean).sort()).toEqual([path.join('drafts', 'd.html'), path.join('posts', 'p.html')]);
    spawnSync('git', ['init', '-q'], { cwd: dir });
    expect(runCli(['clean', '--check', '.'], path.join(dir, 'site')).stdout.split('\n').filter(Boolean)).toEqual([path.join('posts', 'p.html')]);
  });
});

describe('--print-config', () => {
  it('prints the file, the ignore files and every setting as it applies, and cleans nothing', () => {
    writeTree(dir, { 'blogfix.config.json': JSON.stringify({ $schema: 'x', passes: { herf: false }, keywordHosts: ['d.example.jp'] }), '.blogfixignore': 'x/\n', 'sub/a.html': DIRTY });
    const run = runCli(['clean', '--print-config', '--skip', 'blank-target', 'a.html'], path.join(dir, 'sub'));
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({
      configFile: path.join('..', 'blogfix.config.json'),
      root: fs.realpathSync(dir) === dir ? dir : expect.any(String),
      ignoreFiles: [path.join(dir, '.blogfixignore')],
      keywordHosts: ['d.example.jp'],
      pixelPatterns: [],
      gitignore: true,
      passes: Object.fromEntries(passNames.map((name) => [name, isOnByDefault(name) && name !== 'herf' && name !== 'blank-target'])),
    });
    for (const key of CONFIG_KEYS) expect(printed, key).toHaveProperty(key);
    expect(fs.readFileSync(path.join(dir, 'sub/a.html'), 'utf8')).toBe(DIRTY);
    expect(JSON.parse(runCli(['clean', '--print-config', '--no-config'], dir).stdout).configFile).toBeNull();
  });
});
