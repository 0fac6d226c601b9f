/**
 * The downloader against a real HTTP server on 127.0.0.1: what it saves,
 * what it refuses, what it tries again, and that a file already saved is not
 * fetched again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Downloader, type DownloadOptions } from '../../src/images/download.js';
import { imageFile } from '../../src/images/locate.js';
import { GIF, JPEG, PNG, startImageServer, type ImageServer } from '../helpers/image-server.js';
import { useTempDir } from '../helpers/cli.js';

let server: ImageServer;
let dir: string;
useTempDir((created) => (dir = created));
beforeAll(async () => {
  server = await startImageServer({ slowMs: 5000 });
});
afterAll(() => server.close());

// generous for answers that come (a busy machine), short where a test waits for a timeout
const QUICK: Partial<DownloadOptions> = { timeoutMs: 2000, retries: 2, retryDelayMs: 10 };

function image(urlPath: string) {
  const found = imageFile(`${server.origin}/${urlPath}`, [server.host]);
  if (!found) throw new Error(`not an image URL: ${urlPath}`);
  return found;
}

const downloader = (options: Partial<DownloadOptions> = {}) => new Downloader({ out: path.join(dir, 'out'), ...QUICK, ...options });

describe('Downloader', () => {
  it('saves PNG, JPEG and GIF bytes under <out>/<path on the host>', async () => {
    const get = downloader();
    const outcomes = await Promise.all(['images/fotolife/a/alice/20190611/1.png', 'img/2.jpg', 'img/3.gif'].map((p) => get.get(image(p))));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['downloaded', 'downloaded', 'downloaded']);
    expect(fs.readFileSync(path.join(dir, 'out/images/fotolife/a/alice/20190611/1.png')).equals(PNG)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'out/img/2.jpg')).equals(JPEG)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'out/img/3.gif')).equals(GIF)).toBe(true);
    // nothing but the images: no temporary file left
    expect(fs.readdirSync(path.join(dir, 'out/img')).sort()).toEqual(['2.jpg', '3.gif']);
  });

  it('fetches each file once, however often it is asked for', async () => {
    const get = downloader();
    const before = server.hits.get('/once/a.png') ?? 0;
    const outcomes = await Promise.all([get.get(image('once/a.png')), get.get(image('once/a.png')), get.get(image('once/a.png?v=2'))]);
    expect(outcomes.every((outcome) => outcome.status === 'downloaded')).toBe(true);
    expect((server.hits.get('/once/a.png') ?? 0) - before).toBe(1);
    expect(server.hits.get('/once/a.png?v=2')).toBeUndefined();
  });

  it('does not fetch an image already in <out>', async () => {
    await downloader().get(image('again/a.png'));
    const hits = server.total();
    const outcome = await downloader().get(image('again/a.png'));
    expect(outcome.status).toBe('present');
    expect(server.total()).toBe(hits);
  });

  it('fetches again a file in <out> that is not a picture', async () => {
    fs.mkdirSync(path.join(dir, 'out/broken'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'out/broken/a.png'), '<html>');
    const outcome = await downloader().get(image('broken/a.png'));
    expect(outcome.status).toBe('downloaded');
    expect(fs.readFileSync(path.join(dir, 'out/broken/a.png')).equals(PNG)).toBe(true);
  });

  it('reports a 404 at once, without retrying, and writes nothing', async () => {
    const outcome = await downloader().get(image('x/missing.png'));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'HTTP 404 Not Found', attempts: 1 });
    expect(server.hits.get('/x/missing.png')).toBe(1);
    expect(fs.existsSync(path.join(dir, 'out/x'))).toBe(false);
  });

  it('tries a 500 again, and saves what the next attempt brings', async () => {
    const outcome = await downloader().get(image('retry/flaky.png'));
    expect(outcome).toMatchObject({ status: 'downloaded', attempts: 2 });
    expect(server.hits.get('/retry/flaky.png')).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'out/retry/flaky.png')).equals(PNG)).toBe(true);
  });

  it('gives up on a server that keeps failing after the retries', async () => {
    const outcome = await downloader({ retries: 2 }).get(image('down/always-500.png'));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'HTTP 500 Internal Server Error (after 3 attempts)', attempts: 3 });
    expect(server.hits.get('/down/always-500.png')).toBe(3);
  });

  it('times out a slow response, tries again, and gives up', async () => {
    const started = performance.now();
    const outcome = await downloader({ timeoutMs: 300, retries: 1 }).get(image('late/slow.png'));
    expect(outcome).toMatchObject({ status: 'failed', reason: 'timed out after 0.3 s (after 2 attempts)', attempts: 2 });
    expect(server.hits.get('/late/slow.png')).toBe(2);
    // the slow answer (5 s) was not waited for
    expect(performance.now() - started).toBeLessThan(4000);
    expect(fs.existsSync(path.join(dir, 'out/late'))).toBe(false);
  });

  it('refuses an HTML error page sent with status 200, and HTML sent as image/png', async () => {
    const get = downloader();
    expect(await get.get(image('e/error-page.png'))).toMatchObject({ status: 'failed', reason: 'not an image: the server sent text/html', attempts: 1 });
    expect(await get.get(image('e/wrong-bytes.png'))).toMatchObject({ status: 'failed', reason: 'not an image: its bytes are no known picture format though the server said image/png' });
    expect(fs.existsSync(path.join(dir, 'out/e'))).toBe(false);
  });

  it('retries a refused connection as a network error', async () => {
    const closed = await startImageServer();
    const host = closed.host;
    await closed.close();
    const found = imageFile(`http://${host}/gone.png`, [host])!;
    const outcome = await downloader({ retries: 1 }).get(found);
    expect(outcome).toMatchObject({ status: 'failed', reason: 'network error: ECONNREFUSED (after 2 attempts)', attempts: 2 });
  });

  it('keeps to the concurrency it is given', async () => {
    const get = downloader({ concurrency: 2, timeoutMs: 2000 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, index) => get.get(image(`held/${index}.png`))));
    expect(outcomes.every((outcome) => outcome.status === 'downloaded')).toBe(true);
    for (let index = 0; index < 6; index++) expect(server.hits.get(`/held/${index}.png`)).toBe(1);
    // six answers held 50 ms each: two at a time, never more
    expect(server.peakHeld()).toBe(2);
  });
});
