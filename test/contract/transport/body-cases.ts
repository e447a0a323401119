import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { gatedUpload, MB, within, type TransportContext } from './transport-fixtures.js';

const TOTAL = 16 * MB;

/** Request and response bodies: streamed both ways, never buffered; the route's body limit. */
export function bodyCases(t: TransportContext): void {
  describe('bodies', () => {
    it('forwards a small request body and its Content-Length', async () => {
      const response = await t.client().request({
        path: '/echo/post',
        method: 'POST',
        body: 'hello body',
        headers: { 'content-type': 'text/plain' },
      });
      expect(response.statusCode).toBe(200);
      const echo = (await response.body.json()) as {
        body: string;
        headers: Record<string, string>;
      };
      expect(echo.body).toBe('hello body');
      expect(echo.headers['content-length']).toBe('10');
    });

    it('sends no body upstream for a POST without one', async () => {
      const response = await t.client().request({ path: '/echo/empty', method: 'POST' });
      const echo = (await response.body.json()) as {
        body: string;
        headers: Record<string, string>;
      };
      expect(echo.body).toBe('');
      expect(echo.headers).not.toHaveProperty('transfer-encoding');
    });

    it('streams an upload with Content-Length without buffering it', async () => {
      const result = await gatedUpload(t, '/upload', TOTAL, { 'content-length': String(TOTAL) });
      expect(result.sentWhenUpstreamSawData).toBeLessThan(TOTAL);
      expect(result).toMatchObject({ status: 200, json: { bytes: TOTAL } });
    });

    it('streams a chunked upload without buffering it', async () => {
      const result = await gatedUpload(t, '/upload', TOTAL, {});
      expect(result.sentWhenUpstreamSawData).toBeLessThan(TOTAL);
      expect(result).toMatchObject({ status: 200, json: { bytes: TOTAL } });
    });

    it('streams a large download: the client gets bytes before the upstream has finished', async () => {
      const gate = t.upstream().holdNextDownload();
      const response = await within(
        t.client().request({ path: `/download?bytes=${TOTAL}`, method: 'GET' }),
        5_000,
        'no response headers while the upstream was held: the body was buffered',
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-length']).toBe(String(TOTAL));
      const chunks = response.body[Symbol.asyncIterator]();
      const first = await within(chunks.next(), 5_000, 'no body bytes while the upstream was held');
      expect(t.upstream().downloadFinished).toBe(false);
      gate.open();
      let received = (first.value as Buffer).length;
      for (let next = await chunks.next(); !next.done; next = await chunks.next())
        received += (next.value as Buffer).length;
      expect(received).toBe(TOTAL);
    });

    it('answers 413 up front when Content-Length is over the route bodyLimit', async () => {
      const response = await t.client().request({
        path: '/limited',
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
      expect(t.upstream().received).toEqual([]);
    });

    it('answers 413 when a chunked body passes the route bodyLimit while streaming', async () => {
      const body = Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(512, 0x63)));
      const response = await t.client().request({ path: '/limited', method: 'POST', body });
      expect(response.statusCode).toBe(413);
      expect(await response.body.json()).toMatchObject({
        status: 413,
        type: 'urn:gatehouse:problem:payload-too-large',
      });
    });

    it('forwards chunked and Content-Length bodies up to the route bodyLimit', async () => {
      const chunked = Readable.from([Buffer.alloc(512), Buffer.alloc(512)]);
      const first = await t.client().request({ path: '/limited', method: 'POST', body: chunked });
      expect(first.statusCode).toBe(200);
      expect(await first.body.json()).toEqual({ bytes: 1024 });
      const sized = await t.client().request({
        path: '/limited',
        method: 'POST',
        body: Buffer.alloc(1024),
        headers: { 'content-length': '1024' },
      });
      expect(await sized.body.json()).toEqual({ bytes: 1024 });
    });
  });
}
