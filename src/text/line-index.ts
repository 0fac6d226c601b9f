/**
 * Offsets to 1-based lines and columns. CRLF, lone CR and LF each end a
 * line; columns count UTF-16 code units, as editors and ESLint do.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const breaks = /\r\n|\r|\n/g;
      for (let match = breaks.exec(this.text); match; match = breaks.exec(this.text)) starts.push(match.index + match[0].length);
      this.starts = starts;
    }
    return this.starts;
  }

  locate(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    const line = lineAt(starts, offset);
    return { line: line + 1, column: offset - starts[line]! + 1 };
  }
}

/** The 0-based line holding `offset`, given where the lines start (sorted, starting with 0). */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
