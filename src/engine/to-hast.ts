/**
 * parse5's tree to hast, with hast-util-from-parse5, keeping parse5's
 * locations.
 *
 * Positions: from-parse5 can copy parse5's locations into hast `position`s
 * (given a VFile) and, in its `verbose` mode, start-tag, end-tag and
 * attribute positions too. That is parse5's location of every node made
 * again as unist points: more than half the cost of the conversion (on the
 * 2,000 bench posts, 493 ms of CPU with a VFile against 214 ms without, for
 * a parse of 1,312 ms), for nothing parse5 has not already said. So the
 * engine converts without a VFile and keeps parse5's own location of each
 * element, which holds the start tag, the end tag and every attribute keyed
 * by its name as written, on `node.data.sourceCodeLocation`: one iterative
 * walk over both trees (they match child for child). Nodes carry no `position`; src/html/spans.ts reads the spans.
 *
 * from-parse5 recurses once per level of nesting and runs out of stack near
 * 2 000 levels. A deeper tree (any depth parses: `<div>` 100 000 times) is
 * converted in slices of CUT levels: the children of the elements at depth
 * CUT, 2·CUT, ... are detached, each slice is converted alone, and the slices
 * are joined again. The result is the tree one call would have made.
 */
import type { Element, ElementContent, ElementData, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type P5Root = DefaultTreeAdapterMap['document'] | DefaultTreeAdapterMap['documentFragment'];
type P5Node = DefaultTreeAdapterMap['childNode'];
type P5Parent = DefaultTreeAdapterMap['parentNode'];
type P5Element = DefaultTreeAdapterMap['element'];

/** Levels converted in one call on a deep tree: far below the stack's limit. */
const CUT = 400;

/**
 * Keep parse5's location on every element and comment of the hast tree,
 * restore tag names hastscript read as selectors (`<a.b>` is not an `<a>`
 * with class b).
 */
function attachLocations(root: Root, tree: P5Root): number {
  const hastStack: (Root | Element)[] = [root];
  const p5Stack: P5Parent[] = [tree];
  const depths: number[] = [0];
  let deepest = 0;
  while (hastStack.length > 0) {
    const parent = hastStack.pop()!;
    const p5Parent = p5Stack.pop()!;
    const depth = depths.pop()! + 1;
    if (depth > deepest) deepest = depth;
    const children = parent.children;
    const p5Children = p5Parent.childNodes;
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!;
      if (child.type !== 'element') {
        // a comment's location, for the disable comments (src/engine/directives.ts)
        if (child.type === 'comment') child.data = { sourceCodeLocation: (p5Children[index] as DefaultTreeAdapterMap['commentNode']).sourceCodeLocation };
        continue;
      }
      const p5 = p5Children[index] as P5Element;
      // (from-parse5's types make `position` required: only its verbose mode sets it)
      child.data = { sourceCodeLocation: p5.sourceCodeLocation } as ElementData;
      if (child.tagName !== p5.tagName) child.tagName = p5.tagName;
      if (child.children.length > 0) {
        hastStack.push(child);
        p5Stack.push(p5);
        depths.push(depth);
      }
    }
  }
  return deepest;
}

function isOverflow(error: unknown): boolean {
  return error instanceof RangeError;
}

/** from-parse5 on a tree of any depth, one slice of CUT levels at a time (exported for its test). */
export function fromParse5InSlices(tree: P5Root): Root {
  // the elements at depth CUT, 2·CUT, ... with children, and those children
  const cuts = new Map<P5Element, P5Node[]>();
  const stack: [P5Parent, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > 0 && depth % CUT === 0 && node.childNodes.length > 0) cuts.set(node as P5Element, node.childNodes);
    for (const child of node.childNodes) if ('childNodes' in child && child.childNodes.length > 0) stack.push([child, depth + 1]);
  }
  for (const node of cuts.keys()) node.childNodes = [];
  let root: Root;
  try {
    root = fromParse5(tree) as Root;
    // join: walk both trees, converting a cut element's children when met
    const pairs: [Root | Element, P5Parent][] = [[root, tree]];
    while (pairs.length > 0) {
      const [parent, p5Parent] = pairs.pop()!;
      const p5Children = p5Parent.childNodes;
      parent.children.forEach((child, index) => {
        if (child.type !== 'element') return;
        const p5 = p5Children[index] as P5Element;
        const detached = cuts.get(p5);
        if (detached) {
          p5.childNodes = detached;
          child.children = detached.map((node) => fromParse5(node) as ElementContent);
        }
        pairs.push([child, p5]);
      });
    }
  } finally {
    for (const [node, children] of cuts) node.childNodes = children;
  }
  return root;
}

// trees nested deeper than CUT levels
const deepTrees = new WeakSet<Root>();

/**
 * Whether `root` nests elements deeper than CUT (400) levels. Recursive walks
 * such as unist-util-visit-parents are for the others: how deep a recursion
 * goes before the stack runs out depends on the stack left and on how V8
 * compiled the code (one call of from-parse5 stops between 1 000 and 2 000
 * levels), and visitParents copies every element's ancestors, which on a
 * deep tree costs the square of its depth. No post written by hand nests
 * anywhere near 400 levels.
 */
export function isTooDeepForRecursion(root: Root): boolean {
  return deepTrees.has(root);
}

/** hast of parse5's tree (parsed with sourceCodeLocationInfo), each element with parse5's location on its data. */
export function toHast(tree: P5Root): Root {
  let root: Root;
  try {
    root = fromParse5(tree) as Root;
  } catch (error) {
    if (!isOverflow(error)) throw error;
    root = fromParse5InSlices(tree);
  }
  if (attachLocations(root, tree) > CUT) deepTrees.add(root);
  return root;
}

