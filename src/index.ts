/**
 * blogfix as a library:
 *
 *   import { cleanText, cleanFile, passes } from 'blogfix';
 *   const { output, edits } = cleanText(html, { filepath: 'post.html' });
 *   const result = await cleanFile('posts/2010-01-01.md', { write: false });
 *
 * This file is the whole public surface; everything else is internal.
 */
export { cleanFile, cleanText, passes } from './api.js';
export type { CleanFileOptions, CleanFileResult, CleanOptions, CleanTextOptions, CleanTextResult, PassInfo } from './api.js';
export type { Config } from './cli/config.js';
export type { EncodingName } from './formats/encoding.js';
export type { PostFormat } from './formats/layout.js';
export type { JsonFile, JsonReport, JsonTotals, Message } from './report/json.js';
export type { Severity } from './types.js';
