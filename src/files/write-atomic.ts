/**
 * Replace a post's bytes atomically: write a temporary file beside it, flush
 * it, and rename it over the post. A crash at any moment leaves the post
 * either as it was or fully written. The mode and owner are kept; a symlink
 * keeps being a link (its target is replaced); a post changed since it was
 * read is not overwritten. Ctrl-C stops every write (requestStop) and leaves
 * no temporary file (removeTemps).
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

/** The temporary files this thread has made and not yet renamed or removed. */
export const pendingTemps = new Set<string>();

export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARK) && name.endsWith('.tmp');
}

/**
 * Stopping (Ctrl-C): once asked, no temporary file is created and none is
 * renamed over a post; a write under way removes its temporary file and
 * fails. The flag can be shared with worker threads (one Int32 set to 1).
 */
let stopped = false;
let sharedStop: Int32Array | undefined;

export function shareStopFlag(flag: Int32Array): void {
  sharedStop = flag;
}

/** A new run: not stopped, nothing shared yet. */
export function resetStop(): void {
  stopped = false;
  sharedStop = undefined;
}

export function requestStop(): void {
  stopped = true;
  if (sharedStop) Atomics.store(sharedStop, 0, 1);
}

export function stopRequested(): boolean {
  return stopped || (sharedStop !== undefined && Atomics.load(sharedStop, 0) === 1);
}

function checkNotStopped(): void {
  if (stopRequested()) throw new WriteError('not written: the run was interrupted');
}

/** Writes of writeAtomicAsync under way in this thread, and who waits for them to end. */
let writing = 0;
let settled: (() => void)[] = [];

/** Resolves once no writeAtomicAsync is under way in this thread. */
export function writesSettled(): Promise<void> {
  return writing === 0 ? Promise.resolve() : new Promise((resolve) => settled.push(resolve));
}

/**
 * Remove the temporary files a process (this one by default: all its threads
 * share its pid) left in these folders, and this thread's pending ones.
 * For when a run stops with writes unfinished.
 */
export function removeTemps(folders: Iterable<string>, pid = process.pid): void {
  for (const temp of [...pendingTemps]) removeQuietly(temp);
  const mine = `${TEMP_MARK}${pid}-`;
  for (const folder of new Set(folders)) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) if (isTempName(name) && name.includes(mine)) removeQuietly(path.join(folder, name));
  }
}

/** Whether the process with this pid is gone (a pid we may not signal belongs to a live process). */
function processGone(pid: number): boolean {
  if (pid === process.pid) return true; // this run has written nothing yet: a namesake left it
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The pid in a temporary file's name, or undefined when it is not one of blogfix's. */
export function tempPid(file: string): number | undefined {
  const name = path.basename(file);
  if (!isTempName(name)) return undefined;
  const match = /\.blogfix-(\d+)-[0-9a-f]+\.tmp$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/**
 * Of these temporary files (met by a walk, before this run writes anything),
 * the ones whose process is gone: a run killed with SIGKILL could not remove
 * them. Those of a run still going are left alone.
 */
export function staleTemps(files: readonly string[]): string[] {
  return files.filter((file) => {
    const pid = tempPid(file);
    return pid !== undefined && processGone(pid);
  });
}

/** Remove these files, quietly; the ones removed come back. */
export function removeFiles(files: readonly string[]): string[] {
  return files.filter((file) => {
    try {
      fs.unlinkSync(file);
      return true;
    } catch {
      return false;
    }
  });
}

/** The folder a post's temporary file goes in: beside the post, or beside a symlink's target. */
export function tempFolder(file: string): string {
  try {
    return path.dirname(fs.lstatSync(file).isSymbolicLink() ? fs.realpathSync(file) : file);
  } catch {
    return path.dirname(file);
  }
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

/** What a replacement must keep of the post: its mode and owner. */
interface Keep {
  mode: number;
  uid: number;
  gid: number;
}

/** The file to replace (a symlink's target) and what to keep of it, once it passes the checks. */
function checkTarget(file: string, readStamp: ReadStamp): { target: string } & Keep {
  checkNotStopped();
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
  return { target, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

const ownersApply = process.platform !== 'win32';

/**
 * Give a new temporary file the post's owner (root cleaning someone's posts)
 * and then its mode (a change of owner clears set-id bits). A post whose owner
 * cannot be kept is not replaced: the replacement would belong to someone else.
 */
function keepOwnerAndMode(fd: number, keep: Keep): void {
  if (ownersApply) {
    const made = fs.fstatSync(fd);
    if (made.uid !== keep.uid || made.gid !== keep.gid) {
      try {
        fs.fchownSync(fd, keep.uid, keep.gid);
      } catch {
        throw new WriteError(`belongs to another user (uid ${keep.uid}, gid ${keep.gid}) that a replacement could not keep; not changed`);
      }
    }
  }
  fs.fchmodSync(fd, keep.mode);
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
    const keep = checkTarget(file, readStamp);
    const temp = tempName(keep.target);
    const writer = new AtomicWriter(keep.target, temp, readStamp);
    pendingTemps.add(temp);
    try {
      writer.fd = fs.openSync(temp, 'wx', keep.mode);
      keepOwnerAndMode(writer.fd, keep);
    } catch (error) {
      writer.abort();
      throw writeFailure(error);
    }
    return writer;
  }

  write(chunk: Uint8Array): void {
    try {
      checkNotStopped();
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
      checkNotStopped();
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
  const keep = checkTarget(file, readStamp);
  const { target } = keep;
  const temp = tempName(target);
  pendingTemps.add(temp);
  writing++;
  let fd: number | undefined;
  try {
    fd = await run<number>((done) => fs.open(temp, 'wx', keep.mode, done));
    checkNotStopped();
    keepOwnerAndMode(fd, keep);
    const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    for (let written = 0; written < data.length; ) {
      checkNotStopped();
      written += await run<number>((done) => fs.write(fd!, data, written, data.length - written, null, done));
    }
    await run((done) => fs.fsync(fd!, done));
    await run((done) => fs.close(fd!, done));
    fd = undefined;
    // last look before the swap: a writer that came in meanwhile wins
    if (!sameStamp(fs.statSync(target), readStamp)) {
      throw new WriteError('changed by someone else while it was being cleaned; not overwritten');
    }
    checkNotStopped();
    await run((done) => fs.rename(temp, target, done));
    pendingTemps.delete(temp);
    syncLater.add(path.dirname(target));
  } catch (error) {
    if (fd !== undefined) fs.close(fd, () => undefined);
    removeQuietly(temp);
    throw writeFailure(error);
  } finally {
    if (--writing === 0) {
      const waiting = settled;
      settled = [];
      for (const resolve of waiting) resolve();
    }
  }
}

/** Folders with a renamed post whose entry is not flushed yet. */
const syncLater = new Set<string>();

/** The folders this thread renamed posts in and has not synced, handed over (a worker gives them to the main thread). */
export function takeFoldersToSync(): string[] {
  const folders = [...syncLater];
  syncLater.clear();
  return folders;
}

/** Flush the folders posts were renamed in (once each, these and this thread's own), so the renames last. */
export function syncFolders(more: Iterable<string> = []): void {
  for (const folder of more) syncLater.add(folder);
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

/**
 * Write a file that is not a post (a downloaded image) atomically: its bytes
 * go to a temporary file beside it, are flushed, and the temporary file is
 * renamed into place, so the file is either absent or whole. Its folders are
 * made as needed; a file already there is replaced; the folder is synced
 * before it returns. Ctrl-C (requestStop) stops it as it stops a post's write.
 */
export async function writeNewFileAtomicAsync(file: string, data: Uint8Array): Promise<void> {
  checkNotStopped();
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw writeFailure(error);
  }
  const temp = tempName(file);
  pendingTemps.add(temp);
  writing++;
  let fd: number | undefined;
  try {
    fd = await run<number>((done) => fs.open(temp, 'wx', 0o666, done));
    for (let written = 0; written < data.length; ) {
      checkNotStopped();
      written += await run<number>((done) => fs.write(fd!, data, written, data.length - written, null, done));
    }
    await run((done) => fs.fsync(fd!, done));
    await run((done) => fs.close(fd!, done));
    fd = undefined;
    checkNotStopped();
    await run((done) => fs.rename(temp, file, done));
    pendingTemps.delete(temp);
  } catch (error) {
    if (fd !== undefined) fs.close(fd, () => undefined);
    removeQuietly(temp);
    throw writeFailure(error);
  } finally {
    if (--writing === 0) {
      const waiting = settled;
      settled = [];
      for (const resolve of waiting) resolve();
    }
  }
  // the folder entry too, now: a post will point at this file once this returns
  await syncFolderNow(path.dirname(file));
}

/** Flush a folder's entries on libuv's thread pool. */
async function syncFolderNow(folder: string): Promise<void> {
  try {
    const dir = await run<number>((done) => fs.open(folder, 'r', done));
    try {
      await run((done) => fs.fsync(dir, done));
    } finally {
      fs.close(dir, () => undefined);
    }
  } catch {
    // some file systems cannot sync a folder; the rename is done either way
  }
}
