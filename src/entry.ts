/**
 * The entry point bundled into dist/blogfix.mjs for the command line: in the
 * main thread it runs the command; loaded in a worker thread, worker.ts runs
 * the cleaning loop instead.
 */
import { isMainThread } from 'node:worker_threads';
import './worker.js';
import { main } from './cli.js';

if (isMainThread) void main(process.argv.slice(2));
