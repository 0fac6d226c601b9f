/** Shell helpers for the integration tests: commands that must succeed, and copies of this project. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for messages. */
  output: string;
  ms: number;
}

/** Run a command; `expectStatus` (default 0) must be its exit status, or the test fails with its output. */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions & { expectStatus?: number | null } = {}): Ran {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const ran = { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), output: '', ms: Math.round(performance.now() - started) };
  ran.output = `$ ${command} ${args.join(' ')}\n${ran.stdout}${ran.stderr}${result.error ? String(result.error) : ''}`;
  const expected = options.expectStatus === undefined ? 0 : options.expectStatus;
  if (expected !== null && ran.status !== expected) throw new Error(`exit ${ran.status}, expected ${expected}\n${ran.output}`);
  return ran;
}

/** A git repository of our own: no hooks or settings of the machine's user. */
export function gitInit(dir: string): void {
  run('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  run('git', ['config', 'user.name', 'blogfix test'], { cwd: dir });
  run('git', ['config', 'user.email', 'test@example.com'], { cwd: dir });
  run('git', ['config', 'commit.gpgsign', 'false'], { cwd: dir });
}

/**
 * The project's working tree as it is now (tracked and untracked files, not
 * what .gitignore leaves out) committed in a repository of its own: tools
 * that install from git see this change, not only the last commit.
 */
export function commitWorkingTree(target: string): string {
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.copyFileSync(from, path.join(target, file));
  }
  gitInit(target);
  run('git', ['add', '-A'], { cwd: target });
  run('git', ['commit', '-q', '-m', 'blogfix as it is being tested'], { cwd: target });
  return run('git', ['rev-parse', 'HEAD'], { cwd: target }).stdout.trim();
}

/** A fenced code block of the README that contains `needle`. */
export function readmeBlock(language: string, needle: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const match of readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    if (match[1] === language && match[2]!.includes(needle)) return match[2]!;
  }
  throw new Error(`README.md has no \`\`\`${language} block with ${needle}`);
}

/** npm, quiet, with the registry the machine is set up for. */
export const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];
