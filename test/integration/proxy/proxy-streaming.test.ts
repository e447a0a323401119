import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { Client } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

const MB = 1024 * 1024;
const TOTAL = 50 * MB;
const CHUNK = Buffer.alloc(MB, 0x62);

let upstream: UpstreamServer;
let served: ServedGateway;
let client: Client;

beforeAll(async () => {
  upstream = await startUpstreamServer();
  served = await serveGateway(`
routes:
  - { name: limited, match: { path: /upload-limited }, upstream: "${upstream.origin}/upload", stripPrefix: /upload-limited, policy: public, bodyLimit: 1kb }
  - { name: roomy, match: { path: /upload-roomy }, upstream: "${upstream.origin}/upload", stripPrefix: /upload-roomy, policy: public, bodyLimit: 100mb }
  - { name: upload, match: { path: /upload }, upstream: "${upstream.origin}", policy: public }
  - { name: download, match: { path: /download }, upstream: "${upstream.origin}", policy: public }
`);
});

// A client per test, so a test that hangs on a buffered body cannot stall the next one.
beforeEach(() => {
  client = new Client(served.url);
});

afterEach(async () => {
  await client.destroy();
});

afterAll(async () => {
  await served?.close();
  await upstream?.close();
});

/** Rejects with `message` if `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Uploads TOTAL bytes, holding all but the first MB back until the upstream has seen a chunk. */
async function gatedUpload(path: string, headers: Record<string, string>) {
  const upstreamSawData = upstream.nextUploadChunk();
  const body = new PassThrough();
  const responded = client.request({ path, method: 'POST', body, headers });
  body.write(CHUNK);
  let sent = CHUNK.length;
  await within(
    upstreamSawData,
    5_000,
    'the upstream saw no data before the client finished: the body was buffered',
  );
  const sentWhenUpstreamSawData = sent;
  while (sent < TOTAL) {
    sent += CHUNK.length;
    if (!body.write(CHUNK)) await once(body, 'drain');
  }
  body.end();
  const response = await responded;
  return {
    status: response.statusCode,
    json: (await response.body.json()) as { bytes: number },
    sentWhenUpstreamSawData,
  };
}

describe('streaming through the proxy', () => {
  it('streams a 50 MB upload with Content-Length without buffering it', async () => {
    const result = await gatedUpload('/upload', { 'content-length': String(TOTAL) });
    expect(result.sentWhenUpstreamSawData).toBeLessThan(TOTAL);
    expect(result).toMatchObject({ status: 200, json: { bytes: TOTAL } });
  });

  it('streams a 50 MB chunked upload through the body-limit counter without buffering it', async () => {
    const result = await gatedUpload('/upload-roomy', {});
    expect(result.sentWhenUpstreamSawData).toBeLessThan(TOTAL);
    expect(result).toMatchObject({ status: 200, json: { bytes: TOTAL } });
  });

  it('streams a 50 MB download: the client gets bytes before the upstream has finished writing', async () => {
    const gate = upstream.holdNextDownload();
    const response = await within(
      client.request({ path: `/download?bytes=${TOTAL}`, method: 'GET' }),
      5_000,
      'no response headers while the upstream was held: the body was buffered',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(TOTAL));
    const chunks = response.body[Symbol.asyncIterator]();
    const first = await within(chunks.next(), 5_000, 'no body bytes while the upstream was held');
    expect((first.value as Buffer).length).toBeGreaterThan(0);
    expect(upstream.downloadFinished).toBe(false);
    gate.open();
    let received = (first.value as Buffer).length;
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      received += (next.value as Buffer).length;
    expect(received).toBe(TOTAL);
    expect(upstream.downloadFinished).toBe(true);
  });

  it('cuts the client off when the upstream fails mid-body, then keeps serving', async () => {
    const response = await client.request({ path: `/download?bytes=${TOTAL}&fail`, method: 'GET' });
    expect(response.statusCode).toBe(200);
    await expect(response.body.arrayBuffer()).rejects.toThrow();
    const next = await client.request({ path: '/download?bytes=10', method: 'GET' });
    expect((await next.body.arrayBuffer()).byteLength).toBe(10);
  });

  it('answers 413 when Content-Length is over the route bodyLimit', async () => {
    const response = await client.request({
      path: '/upload-limited',
      method: 'POST',
      body: Buffer.alloc(2048),
      headers: { 'content-length': '2048' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(await response.body.json()).toMatchObject({
      status: 413,
      type: 'urn:gatehouse:problem:payload-too-large',
    });
  });

  it('answers 413 when a chunked body passes the route bodyLimit while streaming', async () => {
    const body = Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(512, 0x63)));
    const response = await client.request({ path: '/upload-limited', method: 'POST', body });
    expect(response.statusCode).toBe(413);
    expect(await response.body.json()).toMatchObject({
      status: 413,
      type: 'urn:gatehouse:problem:payload-too-large',
    });
  });

  it('forwards a chunked body under the route bodyLimit', async () => {
    const body = Readable.from([Buffer.alloc(300), Buffer.alloc(300)]);
    const response = await client.request({ path: '/upload-limited', method: 'POST', body });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ bytes: 600 });
  });
});
