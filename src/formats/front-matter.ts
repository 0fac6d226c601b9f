/**
 * Front matter: a YAML (`---`) or TOML (`+++`) block at the very top of a
 * post. It is never touched. Only the very top counts: a `---` later in a
 * post is text.
 */

export interface FrontMatter {
  /** Offset just after the closing line (and its line ending). */
  end: number;
  /** Set when the block never closes: the whole post is then left alone. */
  unterminated?: boolean;
}

const OPENING = /^(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)/;

/** Find the front matter at the top of `text` (BOM already removed). */
export function findFrontMatter(text: string): FrontMatter | undefined {
  const open = OPENING.exec(text);
  if (!open) return undefined;
  const fence = open[1]!;
  const closing = fence === '---' ? /^(?:---|\.\.\.)[ \t]*$/ : /^\+\+\+[ \t]*$/;
  const lineBreak = /\r\n|\r|\n/g;
  let lineStart = open[0].length;
  lineBreak.lastIndex = lineStart;
  for (;;) {
    const match = lineBreak.exec(text);
    const lineEnd = match ? match.index : text.length;
    if (closing.test(text.slice(lineStart, lineEnd))) {
      return { end: match ? match.index + match[0].length : text.length };
    }
    if (!match) return { end: text.length, unterminated: true };
    lineStart = match.index + match[0].length;
  }
}
