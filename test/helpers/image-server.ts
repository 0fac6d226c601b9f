/**
 * A real HTTP server on 127.0.0.1 (a port of its own) that serves what
 * Hatena's image CDN and the failures on the way serve: PNG, JPEG and GIF
 * bytes, a 404, a 500 and then a 200, a response too slow for the timeout,
 * and an HTML error page with status 200. It counts the requests per path,
 * so tests can tell what was fetched. No test touches the network.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BIN, type CliRun } from './cli.js';

export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
// a JPEG's start (SOI, a JFIF APP0 segment) and end (EOI) around a few bytes
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x12, 0x34, 0xff, 0xd9]);
export const ERROR_PAGE = '<!DOCTYPE html><html><body><h1>Sorry</h1><p>This image is no longer available.</p></body></html>';

export interface ImageServer {
  /** `127.0.0.1:<port>`: the imageHosts entry. */
  host: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Requests per path (query included). */
  hits: Map<string, number>;
  /** All requests. */
  total(): number;
  /** The most `…/held/…` requests the server was answering at once. */
  peakHeld(): number;
  close(): Promise<void>;
}

/**
 * Paths: any `….png`, `….jpg`, `….gif` serves those bytes; `…/missing.png`
 * 404; `…/flaky.png` 500 on its first request, then the PNG; `…/slow.png`
 * answers after `slowMs`; `…/error-page.png` an HTML page with status 200;
 * `…/always-500.png` 500 every time; `…/wrong-bytes.png` HTML sent as image/png;
 * `…/held/….png` the PNG after 50 ms, counting how many are held at once.
 */
export async function startImageServer(options: { slowMs?: number } = {}): Promise<ImageServer> {
  const slowMs = options.slowMs ?? 3000;
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let held = 0;
  let peak = 0;
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    const count = (hits.get(url) ?? 0) + 1;
    hits.set(url, count);
    const pathname = url.replace(/\?.*$/, '');
    const send = (status: number, type: string, body: Buffer | string) => {
      response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (pathname.endsWith('/missing.png')) return send(404, 'text/html', '<h1>Not Found</h1>');
    if (pathname.endsWith('/always-500.png')) return send(500, 'text/plain', 'Internal Server Error');
    if (pathname.endsWith('/flaky.png')) return count === 1 ? send(500, 'text/plain', 'try again') : send(200, 'image/png', PNG);
    if (pathname.endsWith('/error-page.png')) return send(200, 'text/html; charset=utf-8', ERROR_PAGE);
    if (pathname.endsWith('/wrong-bytes.png')) return send(200, 'image/png', ERROR_PAGE);
    if (pathname.endsWith('/slow.png')) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) send(200, 'image/png', PNG);
      }, slowMs);
      timers.add(timer);
      return;
    }
    if (pathname.includes('/held/')) {
      peak = Math.max(peak, ++held);
      const timer = setTimeout(() => {
        timers.delete(timer);
        held--;
        send(200, 'image/png', PNG);
      }, 50);
      timers.add(timer);
      return;
    }
    if (pathname.endsWith('.png')) return send(200, 'image/png', PNG);
    if (pathname.endsWith('.jpg')) return send(200, 'image/jpeg', JPEG);
    if (pathname.endsWith('.gif')) return send(200, 'image/gif', GIF);
    return send(404, 'text/plain', 'no such path');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    hits,
    total: () => [...hits.values()].reduce((sum, n) => sum + n, 0),
    peakHeld: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Run the built command without blocking this process's event loop (the
 * server above lives in it), the way a user does.
 */
export function runCliAsync(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  onStart?: (child: import('node:child_process').ChildProcess) => void,
  /** Run this program with `args` instead of the command (a shell that sets a limit first, say). */
  program?: string,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(program ?? process.execPath, program ? [...args] : [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    onStart?.(child);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
