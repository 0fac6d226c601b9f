/**
 * Disable comments, as eslint and textlint have them, in HTML and Markdown:
 *
 *   <!-- blogfix-disable -->                 every pass, until blogfix-enable or the end
 *   <!-- blogfix-disable herf, blank-target -->   those passes only
 *   <!-- blogfix-enable -->                  every pass again (or `blogfix-enable herf`)
 *   <!-- blogfix-disable-next-line [passes] -->   the line after the comment only
 *
 * Text after ` -- ` is a note for people (`<!-- blogfix-disable blank-target
 * -- reviewed -->`). A silenced report is dropped after the passes ran and
 * before any edit is applied: a silenced fix is not made, a silenced warning
 * is not shown. A disable comment that silences nothing is itself reported
 * (eslint's --report-unused-disable-directives), and so is a pass name
 * blogfix does not know.
 *
 * Directives are the comment nodes of the region's tree (unist-util-visit),
 * outside code: not inside <pre>, <code>, <script>, <style>, <textarea>,
 * <xmp> or any other code sample the passes do not enter, and never text
 * that only looks like a comment (in an attribute value, in <title>). In
 * Markdown, only where CommonMark reads raw HTML (not in code blocks or code
 * spans). Offsets are the region's input.
 */
import type { Comment, Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import { commentSpan } from '../html/spans.js';
import { passNames } from '../passes/index.js';
import type { Span } from '../html/spans.js';
import type { Report } from '../types.js';
import { isCodeSample, type Parent } from './elements.js';
import { walkElements } from './run-passes.js';
import { isTooDeepForRecursion } from './to-hast.js';

export const DIRECTIVE_NEEDLE = 'blogfix-';

type Kind = 'disable' | 'enable' | 'disable-next-line';

interface Directive {
  kind: Kind;
  /** The comment's span in the region. */
  start: number;
  end: number;
  /** Named passes (known ones); null: every pass. */
  passes: string[] | null;
  /** Passes it silenced something of ('*' for an unnamed directive). */
  used: Set<string>;
}

interface Range {
  from: number;
  /** Exclusive; Infinity: to the end of the region. */
  to: number;
  pass: string | null;
  directive: Directive;
}

const DIRECTIVE = /^\s*blogfix-(disable-next-line|disable|enable)(?=[\s-]|$)([\s\S]*)$/;

function report(message: string, at: number): Report {
  return { pass: 'engine', message, start: at, end: at, severity: 'warning', edits: [] };
}

/** Where no directive is read: code samples, and every <pre>. */
const isCode = (node: Element) => node.tagName === 'pre' || isCodeSample(node);

/** The comments of a tree outside code, in document order. */
function commentsOf(root: Root): Comment[] {
  const found: Comment[] = [];
  if (!isTooDeepForRecursion(root)) {
    visit(root, (node) => {
      if (node.type === 'comment') found.push(node);
      return node.type === 'element' && isCode(node) ? SKIP : undefined;
    });
    return found;
  }
  // visit recurses once per level: a tree deeper than that takes the engine's iterative walk, then document order
  const take = (parent: Parent) => {
    for (const child of parent.children) if (child.type === 'comment') found.push(child);
  };
  take(root);
  walkElements(root, (node) => {
    if (isCode(node)) return false;
    take(node);
    return true;
  });
  return found.sort((one, other) => (commentSpan(one)?.start ?? 0) - (commentSpan(other)?.start ?? 0));
}

/** A region as the passes read it: its tree, and in Markdown the spans CommonMark reads as raw HTML. */
export interface ParsedRegion {
  root: Root;
  /** When set, a comment counts only inside one of these. */
  editable?: readonly Span[];
}

export interface Directives {
  /** Whether a report of `pass` starting at `offset` (of the input) is silenced; marks what silenced it as used. */
  silenced(pass: string, offset: number): boolean;
  /** Warnings about the comments themselves: unknown pass names, and disable comments that silenced nothing. */
  leftovers(): Report[];
}

/**
 * The directives of a region; undefined when it has none (the usual case: one
 * substring search, and no parse). `parsed` gives the region's tree: the
 * engine's, the one its first round uses.
 */
export function findDirectives(text: string, parsed: () => ParsedRegion): Directives | undefined {
  if (!text.includes(DIRECTIVE_NEEDLE)) return undefined;
  const { root, editable } = parsed();
  const problems: Report[] = [];
  const directives: Directive[] = [];
  for (const comment of commentsOf(root)) {
    const match = DIRECTIVE.exec(comment.value);
    const span = match && commentSpan(comment);
    if (!span) continue;
    const { start, end } = span;
    if (editable && !editable.some((allowed) => allowed.start <= start && end <= allowed.end)) continue;
    const names = match[2]!.split(/\s--\s|\s--$/)[0]!.split(/[\s,]+/).filter(Boolean);
    const unknown = names.filter((name) => !passNames.includes(name));
    for (const name of unknown) problems.push(report(`blogfix-${match[1]}: unknown pass "${name}" (passes: ${passNames.join(', ')})`, start));
    const known = names.filter((name) => passNames.includes(name));
    // a comment naming only unknown passes silences nothing (rather than everything)
    const passes = names.length === 0 ? null : known;
    directives.push({ kind: match[1] as Kind, start, end, passes, used: new Set() });
  }
  if (directives.length === 0 && problems.length === 0) return undefined;

  const ranges: Range[] = [];
  const open = new Map<string | null, Range>();
  const lineEnd = (offset: number) => {
    const next = text.indexOf('\n', offset);
    return next === -1 ? text.length : next + 1;
  };
  for (const directive of directives) {
    if (directive.kind === 'disable-next-line') {
      const from = lineEnd(directive.end);
      const to = lineEnd(from);
      for (const pass of directive.passes ?? [null]) ranges.push({ from, to, pass, directive });
    } else if (directive.kind === 'disable') {
      for (const pass of directive.passes ?? [null]) {
        if (open.has(pass)) continue; // already off: the first comment is the one that counts
        const range = { from: directive.end, to: Infinity, pass, directive };
        ranges.push(range);
        open.set(pass, range);
      }
    } else {
      const closing = directive.passes === null ? [...open.keys()] : directive.passes;
      for (const pass of closing) {
        const range = open.get(pass);
        if (range) range.to = directive.start;
        open.delete(pass);
      }
    }
  }

  return {
    silenced(pass, offset) {
      let silenced = false;
      for (const range of ranges) {
        if (offset < range.from || offset >= range.to || (range.pass !== null && range.pass !== pass)) continue;
        range.directive.used.add(range.pass ?? '*');
        silenced = true;
      }
      return silenced;
    },
    leftovers() {
      const out = [...problems];
      for (const directive of directives) {
        if (directive.kind === 'enable' || (directive.passes !== null && directive.passes.length === 0)) continue;
        const name = `blogfix-${directive.kind}`;
        if (directive.passes === null) {
          if (directive.used.size === 0) out.push(report(`unused ${name} comment: it silences nothing here`, directive.start));
        } else {
          const unused = directive.passes.filter((pass) => !directive.used.has(pass));
          if (unused.length > 0) out.push(report(`unused ${name} comment: ${unused.join(', ')} report${unused.length === 1 ? 's' : ''} nothing here`, directive.start));
        }
      }
      return out;
    },
  };
}
