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

export function writeAtomic(file: string, data: Uint8Array, readStamp: ReadStamp): void {
  const target = fs.realpathSync(file);
  const stat = fs.statSync(target);
  if (stat.size !== readStamp.size || stat.mtimeMs !== readStamp.mtimeMs || stat.ino !== readStamp.ino || stat.dev !== readStamp.dev) {
    throw new WriteError('changed by someone else since it was read; not overwritten');
  }
  // the same test a plain write would face: root may replace a 0444 file, others may not
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw new WriteError('is read-only (no write permission); not changed');
  }
  if (stat.nlink > 1) {
    throw new WriteError(`has ${stat.nlink} hard links; replacing it would split them, so it was left as is`);
  }
  const folder = path.dirname(target);
  const temp = path.join(folder, `.${path.basename(target)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  pendingTemps.add(temp);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', stat.mode & 0o7777);
    fs.writeFileSync(fd, data);
    fs.fchmodSync(fd, stat.mode & 0o7777);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // last look before the swap: a writer that came in meanwhile wins
    const again = fs.statSync(target);
    if (again.size !== readStamp.size || again.mtimeMs !== readStamp.mtimeMs || again.ino !== readStamp.ino) {
      throw new WriteError('changed by someone else while it was being cleaned; not overwritten');
    }
    fs.renameSync(temp, target);
    pendingTemps.delete(temp);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    removeQuietly(temp);
    if (error instanceof WriteError) throw error;
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
    throw new WriteError(`cannot write: ${reason}`);
  }
  try {
    const dir = fs.openSync(folder, 'r');
    fs.fsyncSync(dir);
    fs.closeSync(dir);
  } catch {
    // some file systems cannot sync a folder; the rename is done either way
  }
}
