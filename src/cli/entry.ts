/**
 * The entry point bundled into dist/blogfix.cjs for the command line: in the
 * main thread it runs the command; loaded by a worker of the runner's pool,
 * it gives the pool its task (the default export: clean one post).
 */
import { isMainThread } from 'node:worker_threads';
export { default } from './worker.js';
import { main } from './cli.js';

if (isMainThread) void main(process.argv.slice(2));
