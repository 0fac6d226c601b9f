/**
 * Where blogfix writes: stdout is the product (a patch, paths, a report, a
 * cleaned post), stderr the chatter (messages, progress, the summary).
 */
export interface Output {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
}

export interface Streams {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** Read by --stdin. */
  stdin?: AsyncIterable<string | Uint8Array>;
}
