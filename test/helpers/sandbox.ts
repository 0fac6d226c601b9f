/**
 * Real conditions for the write tests: a user without root's rights, and a
 * small file system that fills up. Each says when it cannot be had here.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, type CliRun } from './cli.js';

/** nobody, the usual unprivileged account */
export const NOBODY = { uid: 65534, gid: 65534 };

const isRoot = process.getuid?.() === 0;

/**
 * Run the command as a user whom permissions bind: root's rights would let it
 * write anything (as an editor run as root does). As root, the files must be
 * given to that user first (`handOver`); as anyone else, the run is ours.
 */
export function runCliUnprivileged(args: readonly string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    ...(isRoot ? NOBODY : {}),
  });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

let unprivileged: string | undefined | null = null;

/**
 * Why the command cannot be run as that user here (undefined: it can). As
 * root, nobody must be able to read the checkout: a clone in a private
 * folder (mktemp -d makes it 0700) is out of nobody's reach.
 */
export function unprivilegedUnavailable(): string | undefined {
  if (!isRoot) return undefined;
  if (unprivileged === null) {
    const tried = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', ...NOBODY });
    unprivileged = tried.status === 0 ? undefined : `user nobody (uid ${NOBODY.uid}) cannot read the checkout at ${path.dirname(path.dirname(BIN))}: ${(tried.stderr || String(tried.error ?? '')).split('\n').find((line) => /Error|EACCES|denied/.test(line)) ?? `exit ${tried.status}`}`;
  }
  return unprivileged;
}

/** Give every file under `dir` (and `dir`) to the user runCliUnprivileged runs as. */
export function handOver(dir: string): void {
  if (!isRoot) return;
  const give = (file: string) => fs.lchownSync(file, NOBODY.uid, NOBODY.gid);
  give(dir);
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) give(path.join(dir, entry));
}

/** How to get a private mount namespace here, if at all: as root, or as a user-namespace root. */
function unshareArgs(): string[] | undefined {
  const probe = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'blogfix-probe-'));
  try {
    const args = isRoot ? ['-m'] : ['-r', '-m'];
    const tried = spawnSync('unshare', [...args, 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', probe], { encoding: 'utf8' });
    return tried.status === 0 ? args : undefined;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

let unshare: string[] | undefined | null = null;

/** Why no small disk can be made here (undefined: it can). */
export function smallDiskUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'a tmpfs mount needs Linux';
  unshare ??= unshareArgs();
  return unshare ? undefined : 'neither root nor user namespaces allow mounting a tmpfs here';
}

export interface DiskRun extends CliRun {
  /** The files on the small disk after the run (relative path -> bytes). */
  after: Map<string, Buffer>;
}

/**
 * Copy `files` onto a fresh tmpfs of `kilobytes`, run the command there
 * (cwd: the disk) and give back what it printed and what the disk held
 * after. The mount lives in a private namespace: it goes when the run ends,
 * whatever happens.
 */
export function runCliOnSmallDisk(kilobytes: number, files: Record<string, Buffer | string>, args: readonly string[]): DiskRun {
  if (smallDiskUnavailable()) throw new Error(smallDiskUnavailable());
  const work = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'blogfix-disk-'));
  try {
    const source = path.join(work, 'source');
    const mount = path.join(work, 'mount');
    const out = path.join(work, 'out');
    fs.mkdirSync(mount);
    fs.mkdirSync(path.join(out, 'after'), { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
      fs.writeFileSync(path.join(source, name), content);
    }
    const script = [
      'set -u',
      `mount -t tmpfs -o size=${kilobytes}k tmpfs "$1" || exit 99`,
      'cp -R "$2"/. "$1"/ || exit 98',
      'cd "$1"',
      `NO_COLOR=1 "$4" "$5" ${args.map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ')} > "$3/stdout" 2> "$3/stderr"`,
      'echo $? > "$3/status"',
      'cp -R "$1"/. "$3/after"/',
    ].join('\n');
    const result = spawnSync('unshare', [...unshare!, 'sh', '-c', script, 'sh', mount, source, out, process.execPath, BIN], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`could not run on a small disk (exit ${result.status}): ${result.stderr}`);
    const after = new Map<string, Buffer>();
    const afterDir = path.join(out, 'after');
    for (const entry of fs.readdirSync(afterDir, { recursive: true }) as string[]) {
      const file = path.join(afterDir, entry);
      if (fs.statSync(file).isFile()) after.set(entry, fs.readFileSync(file));
    }
    return {
      status: Number(fs.readFileSync(path.join(out, 'status'), 'utf8')),
      stdout: fs.readFileSync(path.join(out, 'stdout'), 'utf8'),
      stderr: fs.readFileSync(path.join(out, 'stderr'), 'utf8'),
      after,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
