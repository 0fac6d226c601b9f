/**
 * parse5's tree to hast, with hast-util-from-parse5, keeping parse5's
 * locations.
 *
 * from-parse5 gives every node its `position` (from a VFile of the text:
 * `offset` is the offset into it). It gives start-tag, end-tag and attribute
 * spans only in its `verbose` mode, at a cost of about half the conversion
 * again, and keys attribute spans by property name (`class` and `classname`
 * would share one). So instead the engine keeps parse5's own location of
 * each element, which holds all of them keyed by attribute name, on
 * `node.data.sourceCodeLocation`, in one iterative walk over both trees
 * (they match child for child). The same walk measures the depth.
 *
 * from-parse5 recurses once per level of nesting and runs out of stack near
 * 2 000 levels. A deeper tree (any depth parses: `<div>` 100 000 times) is
 * converted in slices of CUT levels: the children of the elements at depth
 * CUT, 2·CUT, ... are detached, each slice is converted alone, and the slices
 * are joined again. The result is the tree one call would have made.
 */
import type { Element, ElementContent, ElementData, Nodes, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { VFile } from 'vfile';

type P5Root = DefaultTreeAdapterMap['document'] | DefaultTreeAdapterMap['documentFragment'];
type P5Node = DefaultTreeAdapterMap['childNode'];
type P5Parent = DefaultTreeAdapterMap['parentNode'];
type P5Element = DefaultTreeAdapterMap['element'];

/** Levels converted in one call on a deep tree: far below the stack's limit. */
const CUT = 400;

/**
 * Keep parse5's location on every element of the hast tree, restore tag
 * names hastscript read as selectors (`<a.b>` is not an `<a>` with class b),
 * and return the depth of the deepest element.
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
    const children = parent.children;
    const p5Children = p5Parent.childNodes;
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!;
      if (child.type !== 'element') continue;
      const p5 = p5Children[index] as P5Element;
      // (from-parse5's types make `position` required: only its verbose mode sets it)
      child.data = { sourceCodeLocation: p5.sourceCodeLocation } as ElementData;
      if (child.tagName !== p5.tagName) child.tagName = p5.tagName;
      if (depth > deepest) deepest = depth;
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

/** from-parse5 on a tree of any depth, one slice of CUT levels at a time. */
function fromParse5Deep(tree: P5Root, file: VFile | undefined): Root {
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
    root = fromParse5(tree, { file }) as Root;
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
          child.children = detached.map((node) => fromParse5(node, { file }) as ElementContent);
        }
        pairs.push([child, p5]);
      });
    }
  } finally {
    for (const [node, children] of cuts) node.childNodes = children;
  }
  fixEnds(root, tree);
  return root;
}

/**
 * What from-parse5 does for an element without an end tag (parse5 issue
 * 109): it ends where its last child ends. A slice did that without the
 * children it was given later, so do it again, children first.
 */
function fixEnds(root: Root, tree: P5Root): void {
  const order: [Element, P5Element][] = [];
  const stack: [Root | Element, P5Parent][] = [[root, tree]];
  while (stack.length > 0) {
    const [parent, p5Parent] = stack.pop()!;
    parent.children.forEach((child, index) => {
      if (child.type !== 'element') return;
      const p5 = p5Parent.childNodes[index] as P5Element;
      order.push([child, p5]);
      stack.push([child, p5]);
    });
  }
  for (let index = order.length - 1; index >= 0; index--) {
    const [node, p5] = order[index]!;
    const tail = node.children.at(-1);
    if (node.position && p5.sourceCodeLocation && !p5.sourceCodeLocation.endTag && tail?.position?.end) {
      node.position.end = { ...tail.position.end };
    }
  }
}

/** hast of parse5's tree of `text` (parsed with sourceCodeLocationInfo), positions as offsets into `text`. */
export function toHast(tree: P5Root, text: string): Root {
  const file = new VFile(text);
  let root: Root;
  try {
    root = fromParse5(tree, { file }) as Root;
  } catch (error) {
    if (!isOverflow(error)) throw error;
    root = fromParse5Deep(tree, file);
  }
  (root.data ??= {}).depth = attachLocations(root, tree);
  return root;
}

export type { Nodes };
