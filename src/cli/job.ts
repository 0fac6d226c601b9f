/**
 * What every post of a run is cleaned with, as plain data: it crosses into
 * worker threads, where the passes are looked up again by name.
 */
import type { FileSettings, Mode } from '../engine/clean-file.js';
import type { EncodingName } from '../formats/encoding.js';
import type { OwnBlog } from '../hatena/own-blogs.js';
import { selectPasses } from '../passes/index.js';

export interface JobSettings {
  mode: Mode;
  only?: readonly string[];
  skip?: readonly string[];
  encoding?: EncodingName;
  keepFixes: boolean;
  keywordHosts?: readonly string[];
  /** Sources of extra pixel URL patterns (regular expressions, case-insensitive). */
  pixelPatterns?: readonly string[];
  /** Passes off by default to run too (a preset's, or named on in the configuration). */
  enable?: readonly string[];
  /** own-links: the old blogs (plain data: the pass is made again in each thread). */
  ownBlogs?: readonly OwnBlog[];
  /** https-images: hosts beyond Hatena's and Amazon's. */
  httpsImageHosts?: readonly string[];
  /** Write EUC-JP and Shift_JIS posts as UTF-8. */
  toUtf8?: boolean;
}

export function fileSettings(job: JobSettings): FileSettings {
  return {
    mode: job.mode,
    passes: selectPasses(job.only, job.skip, job.enable, { ownBlogs: job.ownBlogs, httpsImageHosts: job.httpsImageHosts }),
    encoding: job.encoding,
    keepFixes: job.keepFixes,
    keywordHosts: job.keywordHosts,
    pixelPatterns: job.pixelPatterns?.map((source) => new RegExp(source, 'i')),
    toUtf8: job.toUtf8,
  };
}
