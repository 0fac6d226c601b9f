/**
 * Gather what the regions of one post report: fixes (kept, or only counted),
 * warnings and problems, each moved from region offsets to the post's and
 * named after its entry.
 */
import type { Region } from '../formats/layout.js';
import type { Report } from '../types.js';
import type { Fix, RegionResult } from './clean-region.js';

/** Fixes counted by pass, and by entry then pass for exports. */
export interface Tally {
  total: number;
  perPass: Record<string, number>;
  perEntry: Record<string, Record<string, number>>;
}

/** A tally with nothing counted (null-prototype maps: an entry may be called "__proto__"). */
export function emptyTally(): Tally {
  return { total: 0, perPass: Object.create(null) as Record<string, number>, perEntry: Object.create(null) as Record<string, Record<string, number>> };
}

export interface Collected {
  fixes: Fix[];
  tally: Tally;
  warnings: Report[];
  problems: Report[];
  /** The most rounds any region took (0: nothing was parsed). */
  rounds: number;
}

export class Collector implements Collected {
  fixes: Fix[] = [];
  tally = emptyTally();
  warnings: Report[] = [];
  problems: Report[];
  rounds = 0;

  /**
   * `place` moves a report from region offsets to the post's (and may add
   * line and column); `keepFixes` off counts fixes without keeping them.
   */
  constructor(
    problems: readonly Report[],
    private readonly keepFixes: boolean,
  ) {
    this.problems = [...problems];
  }

  add(region: Region, cleaned: RegionResult, place: (report: Report) => void): void {
    const { tally } = this;
    for (const fix of cleaned.fixes) {
      tally.total++;
      tally.perPass[fix.pass] = (tally.perPass[fix.pass] ?? 0) + 1;
      if (region.label !== undefined) {
        const entry = (tally.perEntry[region.label] ??= Object.create(null) as Record<string, number>);
        entry[fix.pass] = (entry[fix.pass] ?? 0) + 1;
      }
    }
    const move = <R extends Report>(reports: readonly R[], into: R[]) => {
      for (const report of reports) {
        const from = report.start;
        place(report);
        // a fix's edited span moves with it
        const edited = (report as Partial<Fix>).edited;
        if (edited) {
          edited.start += report.start - from;
          edited.end += report.start - from;
        }
        if (region.label !== undefined) report.entry = region.label;
        into.push(report);
      }
    };
    if (this.keepFixes) move(cleaned.fixes, this.fixes);
    move(cleaned.warnings, this.warnings);
    move(cleaned.problems, this.problems);
    this.rounds = Math.max(this.rounds, cleaned.rounds);
  }
}
