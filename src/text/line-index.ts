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
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

/** The line ending most lines use ('\n' when there are none). */
export function dominantLineEnding(text: string): '\n' | '\r\n' | '\r' {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (const match of text.matchAll(/\r\n|\r|\n/g)) {
    if (match[0] === '\r\n') crlf++;
    else if (match[0] === '\n') lf++;
    else cr++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}
