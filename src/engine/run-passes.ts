/**
 * One walk over a parsed region: every pass's visitor sees every element in
 * document order (ESLint's merged traversal). Code samples are visited but
 * not entered, so no pass ever looks inside one.
 *
 * The walk is iterative, with one shared ancestors array (a visitor that keeps
 * ancestors copies them): deep trees cannot overflow the stack, and nothing is
 * allocated per node.
 */
import type { Element, Parents, Root } from 'hast';
import { isCodeSample } from '../hast.js';
import type { MarkdownReference, Pass, PassOptions, Report, ReportInit } from '../types.js';

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

export function runPasses(
  tree: Root,
  source: string,
  passes: readonly Pass[],
  options: PassOptions,
  references: readonly MarkdownReference[] = [],
): Report[] {
  const reports: Report[] = [];
  const visitors = passes.map((pass) =>
    pass.create({ source, options, report: (init) => reports.push(toReport(pass.name, init)) }),
  );
  const elementVisitors = visitors.filter((visitor) => visitor.element);
  if (elementVisitors.length > 0) walkElements(tree, (node, ancestors) => {
    for (const visitor of elementVisitors) visitor.element!(node, ancestors);
    return !isCodeSample(node);
  });
  for (const reference of references) for (const visitor of visitors) visitor.markdown?.(reference);
  for (const visitor of visitors) visitor.finish?.();
  return reports;
}

/**
 * Call `enter` for every element in document order with its ancestors (root
 * first); its children are walked when `enter` returns true.
 */
export function walkElements(tree: Root, enter: (node: Element, ancestors: readonly Parents[]) => boolean): void {
  const ancestors: Parents[] = [tree];
  // per level: the parent's children and the next index to look at
  const lists: (Root['children'] | Element['children'])[] = [tree.children];
  const indices: number[] = [0];
  while (lists.length > 0) {
    const level = lists.length - 1;
    const list = lists[level]!;
    const index = indices[level]!;
    if (index >= list.length) {
      lists.pop();
      indices.pop();
      ancestors.pop();
      continue;
    }
    indices[level] = index + 1;
    const node = list[index]!;
    if (node.type !== 'element') continue;
    if (enter(node, ancestors) && node.children.length > 0) {
      ancestors.push(node);
      lists.push(node.children);
      indices.push(0);
    }
  }
}
