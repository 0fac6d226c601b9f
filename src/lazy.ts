/**
 * Libraries loaded on first use, not at start-up: a run that cleans one HTML
 * post needs neither the Markdown parser, nor the patch maker, nor the legacy
 * encoding tables, nor the gitignore matcher.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Diff = typeof import('diff');
type Markdown = typeof import('mdast-util-from-markdown');
type Iconv = typeof import('iconv-lite');
type Ignore = typeof import('ignore');
type Mdx = { mdxjs: typeof import('micromark-extension-mdxjs').mdxjs; mdxFromMarkdown: typeof import('mdast-util-mdx').mdxFromMarkdown };
type Glob = typeof import('tinyglobby');

let diff: Diff | undefined;
let markdown: Markdown | undefined;
let iconv: Iconv | undefined;
let ignore: Ignore | undefined;
let mdx: Mdx | undefined;
let glob: Glob | undefined;

export const lazyDiff = (): Diff => (diff ??= require('diff') as Diff);
export const lazyMarkdown = (): Markdown => (markdown ??= require('mdast-util-from-markdown') as Markdown);
export const lazyIconv = (): Iconv => (iconv ??= require('iconv-lite') as Iconv);
export const lazyIgnore = (): Ignore => (ignore ??= require('ignore') as Ignore);
/** MDX syntax (micromark-extension-mdxjs) and its mdast nodes (mdast-util-mdx): `.mdx` posts only. */
export const lazyMdx = (): Mdx =>
  (mdx ??= {
    mdxjs: (require('micromark-extension-mdxjs') as typeof import('micromark-extension-mdxjs')).mdxjs,
    mdxFromMarkdown: (require('mdast-util-mdx') as typeof import('mdast-util-mdx')).mdxFromMarkdown,
  });
/** The glob matcher (tinyglobby): only when a path on the command line is a pattern. */
export const lazyGlob = (): Glob => (glob ??= require('tinyglobby') as Glob);
