/**
 * Progress on stderr for long runs: `blogfix: 1200/5000 files, 850 files/s`
 * on one line, redrawn in place at most ten times a second and erased at the
 * end. Only on a terminal, never in CI logs (CI set) or with TERM=dumb, and
 * only once a run has taken longer than a moment: a short run shows nothing.
 */
import type { Output } from './output.js';

export interface ProgressOptions {
  /** Nothing is drawn before this many milliseconds (default 500). */
  after?: number;
  /** The clock, in milliseconds (tests give their own). */
  now?: () => number;
}

/** Whether progress may be drawn on `stream` at all. */
export function wantsProgress(stream: Output, env: NodeJS.ProcessEnv, quiet: boolean): boolean {
  if (quiet || !stream.isTTY || env.TERM === 'dumb') return false;
  return env.CI === undefined || env.CI === '' || env.CI === '0' || env.CI.toLowerCase() === 'false';
}

const REDRAW_MS = 100;
const CLEAR = '\r\u001b[K';

export class Progress {
  private readonly started: number;
  private readonly now: () => number;
  private readonly after: number;
  private drawnAt = -Infinity;
  private shown = false;
  private done = 0;

  constructor(
    private readonly stream: Output,
    private readonly total: number,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.after = options.after ?? 500;
    this.started = this.now();
  }

  /** One more file done. */
  tick(): void {
    this.done++;
    this.draw(() => {
      const rate = Math.round(this.done / ((this.now() - this.started) / 1000));
      return `blogfix: ${this.done}/${this.total} files, ${rate} files/s`;
    });
  }

  /** How far cleaning one big post has got (a 100 MB export takes seconds). */
  bytes(display: string, done: number, size: number): void {
    this.draw(() => {
      const files = this.total > 1 ? `${this.done}/${this.total} files, ` : '';
      return `blogfix: ${files}${display} ${Math.floor((100 * done) / size)}% (${(done / 1e6).toFixed(1)} of ${(size / 1e6).toFixed(1)} MB)`;
    });
  }

  private draw(line: () => string): void {
    const now = this.now();
    if (now - this.started < this.after || now - this.drawnAt < REDRAW_MS) return;
    this.stream.write(`${CLEAR}${line()}`);
    this.shown = true;
    this.drawnAt = now;
  }

  /** Erase the line, before anything else is written or at the end. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(CLEAR);
    this.shown = false;
  }
}

/** Streams that erase the progress line before they write, so nothing is written over it. */
export function guarded(stream: Output, progress: Progress | undefined): Output {
  if (!progress) return stream;
  return {
    isTTY: stream.isTTY,
    write(chunk) {
      progress.clear();
      return stream.write(chunk);
    },
  };
}
