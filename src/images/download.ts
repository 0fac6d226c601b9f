/**
 * Fetch images to disk: each file once however many posts show it, a few at
 * a time, each attempt under a timeout, 5xx answers and network errors tried
 * again after a growing pause, the answer checked to be a picture (content
 * type and magic bytes), and the file written atomically. A file already in
 * the folder is not fetched again, so a second run downloads nothing.
 */
import fs from 'node:fs';
import { writeNewFileAtomicAsync, WriteError } from '../files/write-atomic.js';
import { version } from '../version.js';
import { localFile, type ImageFile } from './locate.js';
import { notAnImage, sniffImage } from './sniff.js';

export interface DownloadOptions {
  /** The folder images are saved under (`<out>/<path on the host>`). */
  out: string;
  /** Downloads at once (default 4). */
  concurrency?: number;
  /** Milliseconds one attempt may take, the body included (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first, on a 5xx answer, a 408 or 429, a timeout or a network error (default 3). */
  retries?: number;
  /** The pause before the first retry; each later one doubles it (default 1 s). */
  retryDelayMs?: number;
  /** A bigger image is refused (default 64 MB). */
  maxBytes?: number;
  /** Aborted: no more requests, those under way stop, nothing more is written. */
  signal?: AbortSignal;
  /** Told once per file, when it is settled. */
  onSettled?(image: ImageFile, outcome: Outcome): void;
}

export type Outcome =
  /** Fetched now and written. */
  | { status: 'downloaded'; file: string; bytes: number; attempts: number }
  /** Already in the folder: not fetched. */
  | { status: 'present'; file: string }
  | { status: 'failed'; file: string; reason: string; attempts: number };

const DEFAULTS = { concurrency: 4, timeoutMs: 30_000, retries: 3, retryDelayMs: 1000, maxBytes: 64 << 20 };
/** A server's Retry-After is followed up to this long. */
const MAX_RETRY_AFTER_MS = 60_000;

/** A failure worth another attempt (the server or the network may do better next time). */
class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A failure that another attempt would repeat. */
class Final extends Error {}

/** A few requests at a time: `run` waits for a free place. */
class Pool {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

/** What a failed fetch says, in a few words: the cause's code (ECONNREFUSED, ENOTFOUND) when it has one. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return `network error: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

/** Read a body, refusing one bigger than `max`. */
async function readBody(response: Response, max: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new Final(`too big: ${declared} bytes (more than ${max})`);
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) throw new Final(`too big: more than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Whether the file is already there and is a picture (a run stopped half-way leaves none that is not). */
async function present(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    if (!(await handle.stat()).isFile()) return false;
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniffImage(head.subarray(0, bytesRead)) !== undefined;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

export class Downloader {
  private readonly settings: typeof DEFAULTS;
  private readonly pool: Pool;
  /** Files looked at in <out> at once: thousands of images must not open thousands of files. */
  private readonly disk = new Pool(16);
  private readonly started = new Map<string, Promise<Outcome>>();

  constructor(private readonly options: DownloadOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.settings = { ...DEFAULTS, ...given } as typeof DEFAULTS;
    this.pool = new Pool(Math.max(1, this.settings.concurrency));
  }

  /** Files asked for so far. */
  get count(): number {
    return this.started.size;
  }

  /** The image on disk: fetched once per file, whoever asks. Never rejects. */
  get(image: ImageFile): Promise<Outcome> {
    let outcome = this.started.get(image.filePath);
    if (!outcome) {
      outcome = this.settle(image).then((settled) => {
        this.options.onSettled?.(image, settled);
        return settled;
      });
      this.started.set(image.filePath, outcome);
    }
    return outcome;
  }

  private async settle(image: ImageFile): Promise<Outcome> {
    const file = localFile(this.options.out, image);
    if (await this.disk.run(() => present(file))) return { status: 'present', file };
    return this.pool.run(() => this.download(image, file));
  }

  private async download(image: ImageFile, file: string): Promise<Outcome> {
    const { retries, retryDelayMs } = this.settings;
    const { signal } = this.options;
    let attempts = 0;
    for (;;) {
      if (signal?.aborted) return { status: 'failed', file, reason: 'interrupted', attempts };
      attempts++;
      try {
        const bytes = await this.attempt(image);
        await writeNewFileAtomicAsync(file, bytes);
        return { status: 'downloaded', file, bytes: bytes.length, attempts };
      } catch (error) {
        if (signal?.aborted) return { status: 'failed', file, reason: 'interrupted', attempts };
        if (error instanceof WriteError) return { status: 'failed', file, reason: error.message, attempts };
        if (!(error instanceof Retryable) || attempts > retries) {
          const reason = error instanceof Error ? error.message : String(error);
          return { status: 'failed', file, reason: attempts > 1 ? `${reason} (after ${attempts} attempts)` : reason, attempts };
        }
        // 1, 2, 4 … times the delay, a little less at random, so many clients do not come back together
        const backoff = retryDelayMs * 2 ** (attempts - 1) * (0.75 + Math.random() / 4);
        await sleep(Math.max(backoff, error.retryAfterMs ?? 0), signal);
      }
    }
  }

  /** One request: the picture's bytes, or a Retryable or Final error saying why not. */
  private async attempt(image: ImageFile): Promise<Buffer> {
    const { timeoutMs, maxBytes } = this.settings;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    try {
      const response = await fetch(image.fetchUrl, {
        signal,
        redirect: 'follow',
        headers: { 'user-agent': `blogfix/${version} (images)`, accept: 'image/*,*/*;q=0.8' },
      });
      const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        if (response.status >= 500 || response.status === 408 || response.status === 429) throw new Retryable(status, retryAfter(response.headers.get('retry-after')));
        throw new Final(status);
      }
      const bytes = await readBody(response, maxBytes);
      const wrong = notAnImage(response.headers.get('content-type'), bytes);
      if (wrong) throw new Final(wrong);
      return bytes;
    } catch (error) {
      if (error instanceof Retryable || error instanceof Final) throw error;
      if (timeout.aborted) throw new Retryable(`timed out after ${timeoutMs / 1000} s`);
      if (this.options.signal?.aborted) throw new Final('interrupted');
      throw new Retryable(networkReason(error));
    }
  }
}
