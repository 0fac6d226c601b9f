/**
 * A progress bar for downloads on stderr, only on a terminal (never in CI
 * logs, with TERM=dumb or --quiet: see wantsProgress), redrawn in place at
 * most ten times a second and erased at the end:
 *
 *   blogfix: images [########------------]  40/100, 2 failed
 */
import type { Output } from '../report/output.js';

const REDRAW_MS = 100;
const CLEAR = '\r\u001b[K';
const WIDTH = 20;

export class DownloadProgress {
  private readonly started = performance.now();
  private drawnAt = -Infinity;
  private shown = false;
  private done = 0;
  private failed = 0;

  constructor(
    private readonly stream: Output,
    private readonly total: number,
    /** Nothing is drawn before this many milliseconds. */
    private readonly after = 500,
  ) {}

  /** One more image settled. */
  tick(failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    const now = performance.now();
    const last = this.done === this.total;
    if (now - this.started < this.after || (now - this.drawnAt < REDRAW_MS && !last)) return;
    const filled = Math.round((WIDTH * this.done) / Math.max(1, this.total));
    const count = `${String(this.done).padStart(String(this.total).length)}/${this.total}`;
    this.stream.write(`${CLEAR}blogfix: images [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${count}${this.failed ? `, ${this.failed} failed` : ''}`);
    this.shown = true;
    this.drawnAt = now;
  }

  /** Erase the bar, before anything else is written or at the end. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(CLEAR);
    this.shown = false;
  }
}

/** `stream`, erasing the bar before it writes. */
export function guardedBy(stream: Output, progress: { clear(): void } | undefined): Output {
  if (!progress) return stream;
  return {
    isTTY: stream.isTTY,
    write(chunk) {
      progress.clear();
      return stream.write(chunk);
    },
  };
}
