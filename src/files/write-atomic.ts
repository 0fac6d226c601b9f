/**
 * Replace a post's bytes atomically: write a temporary file beside it, flush
 * it, and rename it over the post. A crash at any moment leaves the post
 * either as it was or fully written. The mode is kept; a symlink keeps being
 * a link (its target is replaced); a post changed since it was read is not
 * overwritten.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export class WriteError extends Error {
  override readonly name = 'WriteError';
}

/** What the post looked like when it was read. */
export interface ReadStamp {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

export function stampOf(stat: fs.Stats): ReadStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, dev: stat.dev };
}

const TEMP_MARK = '.blogfix-';

/** The temporary files this process has open, for cleanup on Ctrl-C. */
export const pendingTemps = new Set<string>();

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARK) && name.endsWith('.tmp');
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone
  }
  pendingTemps.delete(file);
}

function writeFailure(error: unknown): WriteError {
  if (error instanceof WriteError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOSPC'
        ? 'no space left on the device'
        : code === 'EROFS'
          ? 'read-only file system'
          : code === 'EMFILE' || code === 'ENFILE'
            ? 'too many open files'
            : error instanceof Error
              ? error.message
              : String(error);
  return new WriteError(`cannot write: ${reason}`);
}

function sameStamp(stat: fs.Stats, stamp: ReadStamp): boolean {
  return stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs && stat.ino === stamp.ino && stat.dev === stamp.dev;
}

/** The file to replace (a symlink's target) and its mode, once it passes the checks. */
function checkTarget(file: string, readStamp: ReadStamp): { target: string; mode: number } {
  let target: string;
  let stat: fs.Stats;
  try {
    // a symlink named on the command line stays a link: its target is replaced
    target = fs.lstatSync(file).isSymbolicLink() ? fs.realpathSync(file) : file;
    stat = fs.statSync(target);
  } catch (error) {
    throw writeFailure(error);
  }
  if (!sameStamp(stat, readStamp)) throw new WriteError('changed by someone else since it was read; not overwritten');
  // the same test a plain write would face: root may replace a 0444 file, others may not
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw new WriteError('is read-only (no write permission); not changed');
  }
  if (stat.nlink > 1) throw new WriteError(`has ${stat.nlink} hard links; replacing it would split them, so it was left as is`);
  return { target, mode: stat.mode & 0o7777 };
}

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * A replacement being written: open() checks the post and creates the
 * temporary file, write() appends, commit() flushes and renames it over the
 * post, abort() removes it. A post cleaned region by region is written as it
 * goes, so it is never held whole in memory.
 */
export class AtomicWriter {
  private fd: number | undefined;

  private constructor(
    private readonly target: string,
    private readonly temp: string,
    private readonly readStamp: ReadStamp,
  ) {}

  get folder(): string {
    return path.dirname(this.target);
  }

  static open(file: string, readStamp: ReadStamp): AtomicWriter {
    const { target, mode } = checkTarget(file, readStamp);
    const temp = tempName(target);
    const writer = new AtomicWriter(target, temp, readStamp);
    pendingTemps.add(temp);
    try {
      writer.fd = fs.openSync(temp, 'wx', mode);
      fs.fchmodSync(writer.fd, mode);
    } catch (error) {
      writer.abort();
      throw writeFailure(error);
    }
    return writer;
  }

  write(chunk: Uint8Array): void {
    try {
      for (let written = 0; written < chunk.length; ) written += fs.writeSync(this.fd!, chunk, written, chunk.length - written);
    } catch (error) {
      this.abort();
      throw writeFailure(error);
    }
  }

  /** Flush (unless done already), check the post is unchanged, and rename over it. */
  commit(options: { flushed?: boolean; syncFolder?: boolean } = {}): void {
    try {
      if (!options.flushed) fs.fsyncSync(this.fd!);
      fs.closeSync(this.fd!);
      this.fd = undefined;
      // last look before the swap: a writer that came in meanwhile wins
      if (!sameStamp(fs.statSync(this.target), this.readStamp)) {
        throw new WriteError('changed by someone else while it was being cleaned; not overwritten');
      }
      fs.renameSync(this.temp, this.target);
      pendingTemps.delete(this.temp);
    } catch (error) {
      this.abort();
      throw writeFailure(error);
    }
    if (options.syncFolder === false) return;
    try {
      const dir = fs.openSync(path.dirname(this.target), 'r');
      fs.fsyncSync(dir);
      fs.closeSync(dir);
    } catch {
      // some file systems cannot sync a folder; the rename is done either way
    }
  }

  abort(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // closing is best effort here
      }
      this.fd = undefined;
    }
    removeQuietly(this.temp);
  }
}

/** Write `chunks` (in order) over `file`, atomically. */
export function writeAtomic(file: string, chunks: readonly Uint8Array[], readStamp: ReadStamp): void {
  const writer = AtomicWriter.open(file, readStamp);
  for (const chunk of chunks) writer.write(chunk);
  writer.commit();
}

/** fs calls made promises here, on libuv's thread pool. */
const run = <T>(call: (done: (error: NodeJS.ErrnoException | null, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value as T))));

/**
 * The same as writeAtomic, with every step that waits on the disk (creating
 * the temporary file, writing, flushing, renaming) on libuv's thread pool, so
 * the next post is cleaned meanwhile. The quick checks stay synchronous. The
 * folder is synced later, once for all its posts (syncFolders).
 */
export async function writeAtomicAsync(file: string, chunks: readonly Uint8Array[], readStamp: ReadStamp): Promise<void> {
  const { target, mode } = checkTarget(file, readStamp);
  const temp = tempName(target);
  pendingTemps.add(temp);
  let fd: number | undefined;
  try {
    fd = await run<number>((done) => fs.open(temp, 'wx', mode, done));
    await run((done) => fs.fchmod(fd!, mode, done));
    const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    for (let written = 0; written < data.length; ) {
      written += await run<number>((done) => fs.write(fd!, data, written, data.length - written, null, done));
    }
    await run((done) => fs.fsync(fd!, done));
    await run((done) => fs.close(fd!, done));
    fd = undefined;
    // last look before the swap: a writer that came in meanwhile wins
    if (!sameStamp(fs.statSync(target), readStamp)) {
      throw new WriteError('changed by someone else while it was being cleaned; not overwritten');
    }
    await run((done) => fs.rename(temp, target, done));
    pendingTemps.delete(temp);
    syncLater.add(path.dirname(target));
  } catch (error) {
    if (fd !== undefined) fs.close(fd, () => undefined);
    removeQuietly(temp);
    throw writeFailure(error);
  }
}

/** Folders with a renamed post whose entry is not flushed yet. */
const syncLater = new Set<string>();

/** Flush the folders posts were renamed in (once each), so the renames last. */
export function syncFolders(): void {
  for (const folder of syncLater) {
    try {
      const dir = fs.openSync(folder, 'r');
      fs.fsyncSync(dir);
      fs.closeSync(dir);
    } catch {
      // some file systems cannot sync a folder; the renames are done either way
    }
  }
  syncLater.clear();
}
