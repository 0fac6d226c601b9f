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

/**
 * `stream`, except that once its reader has gone (`blogfix ... | head`) what
 * is still written is dropped instead of crashing the run: the posts are
 * still cleaned and the exit code still says what was found.
 */
export function closedQuietly(stream: NodeJS.WriteStream): Output {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed = true;
  });
  return {
    isTTY: stream.isTTY,
    write: (chunk) => closed || stream.write(chunk),
  };
}
