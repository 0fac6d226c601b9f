/**
 * One traversal of a parsed region: every pass's visitor sees every element
 * in document order, with its ancestors (ESLint's merged traversal, with
 * unist-util-visit-parents). Code samples are visited but not entered
 * (`SKIP`), so no pass ever looks inside one.
 *
 * unist-util-visit-parents recurses once per level and copies the ancestors
 * at each: fine for any real post, but 100 000 nested elements would run out
 * of stack (and copy 5·10⁹ ancestors). A tree deeper than MAX_RECURSIVE_DEPTH
 * (the parse measures it) is walked by an iterative walker instead, in the
 * same order, with the same `SKIP`.
 */
import type { Element, Root } from 'hast';
import { CONTINUE, SKIP, visitParents } from 'unist-util-visit-parents';
import type { MarkdownReference, Pass, PassOptions, Report, ReportInit } from '../types.js';
import { isCodeSample, type Parent } from './elements.js';

/** Deeper trees are walked iteratively. */
export const MAX_RECURSIVE_DEPTH = 500;

function toReport(pass: string, init: ReportInit): Report {
  const edits = init.edits ?? [];
  const report: Report = {
    pass,
    message: init.message,
    start: init.start,
    end: init.end,
    severity: edits.length > 0 ? 'fix' : (init.severity ?? 'warning'),
    edits,
  };
  if (init.keyword !== undefined) report.keyword = init.keyword;
  return report;
}

/** Whether `enter` wants an element's children walked. */
type Enter = (node: Element, ancestors: readonly Parent[]) => boolean;

/** The same walk as visitParents(root, 'element', ...), without recursion; `ancestors` is one array, changed as the walk goes. */
function walkIteratively(root: Root, enter: Enter): void {
  const ancestors: Parent[] = [root];
  const stack: [Element, number][] = [];
  const pushChildren = (parent: Parent, depth: number) => {
    for (let index = parent.children.length - 1; index >= 0; index--) {
      const child = parent.children[index]!;
      if (child.type === 'element') stack.push([child, depth]);
    }
  };
  pushChildren(root, 1);
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    ancestors.length = depth;
    if (!enter(node, ancestors) || node.children.length === 0) continue;
    ancestors.push(node);
    pushChildren(node, depth + 1);
  }
}

/** Call `enter` for every element in document order, with its ancestors (root first); its children are walked when it returns true. */
export function walkElements(root: Root, enter: Enter): void {
  if ((root.data?.depth ?? Infinity) > MAX_RECURSIVE_DEPTH) {
    walkIteratively(root, enter);
    return;
  }
  visitParents(root, 'element', (node, ancestors) => (enter(node, ancestors) ? CONTINUE : SKIP));
}

export function runPasses(
  root: Root,
  source: string,
  passes: readonly Pass[],
  options: PassOptions,
  references: readonly MarkdownReference[] = [],
): Report[] {
  const reports: Report[] = [];
  const visitors = passes.map((pass) => pass.create({ source, options, report: (init) => reports.push(toReport(pass.name, init)) }));
  const elementVisitors = visitors.filter((visitor) => visitor.element);
  if (elementVisitors.length > 0) {
    walkElements(root, (node, ancestors) => {
      for (const visitor of elementVisitors) visitor.element!(node, ancestors);
      return !isCodeSample(node);
    });
  }
  for (const reference of references) for (const visitor of visitors) visitor.markdown?.(reference);
  for (const visitor of visitors) visitor.finish?.();
  return reports;
}
