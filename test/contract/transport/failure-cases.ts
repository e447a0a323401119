import { once } from 'node:events';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import { describe, expect, it } from 'vitest';
import { BODY_IDLE_MS, send, type TransportContext } from './transport-fixtures.js';

/**
 * Sends a request head and the first bytes of its body on a raw socket, then nothing: resolves
 * with what came back and how long after the last byte sent the gateway closed the connection.
 */
async function stalledUpload(t: TransportContext, head: string, firstBytes: string) {
  const { port } = new URL(t.served().url);
  const socket = connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  let answer = '';
  socket.setEncoding('latin1').on('data', (text: string) => (answer += text));
  socket.write(`${head}\r\n\r\n${firstBytes}`);
  const sent = Date.now();
  await once(socket, 'close');
  return { answer, closedAfterMs: Date.now() - sent };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 150 && !condition(); i++) await sleep(20);
}

/** Upstream and client failures: 502, 504, a cut-off body, a client that leaves. */
export function failureCases(t: TransportContext): void {
  describe('failures', () => {
    it('answers 502 problem+json when the upstream refuses the connection', async () => {
      const response = await send(t, '/down/x');
      expect(response.status).toBe(502);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(response.text)).toMatchObject({
        type: 'urn:gatehouse:problem:bad-gateway',
      });
      expect(response.text).not.toContain('ECONNREFUSED');
    });

    it('answers 502 when the upstream drops the connection before answering', async () => {
      expect((await send(t, '/close')).status).toBe(502);
    });

    it('answers 504 when no response headers come within the route timeout', async () => {
      const started = Date.now();
      const response = await send(t, '/slow?ms=3000');
      expect(response.status).toBe(504);
      expect(JSON.parse(response.text)).toMatchObject({
        type: 'urn:gatehouse:problem:gateway-timeout',
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('does not time out a body that streams on after the headers arrived', async () => {
      const gate = t.upstream().holdNextDownload();
      const response = await t.client().request({ path: '/download?bytes=200000', method: 'GET' });
      expect(response.statusCode).toBe(200);
      await sleep(400); // twice the route timeout
      gate.open();
      expect((await response.body.arrayBuffer()).byteLength).toBe(200_000);
    });

    it('cuts the client off when the upstream fails mid-body, then keeps serving', async () => {
      const response = await t
        .client()
        .request({ path: `/download?bytes=${4 * 1024 * 1024}&fail`, method: 'GET' });
      expect(response.statusCode).toBe(200);
      await expect(response.body.arrayBuffer()).rejects.toThrow();
      const next = await new Client(t.served().url).request({
        path: '/download?bytes=10',
        method: 'GET',
      });
      expect((await next.body.arrayBuffer()).byteLength).toBe(10);
    });

    it('abandons the upstream request when the client goes away, and logs 499', async () => {
      const impatient = new Client(t.served().url);
      const outcome = impatient
        .request({ path: '/patient?ms=10000&case=abandon', method: 'GET' })
        .then(
          () => 'answered',
          () => 'aborted',
        );
      while (t.upstream().received.length === 0) await sleep(10);
      await impatient.destroy();
      expect(await outcome).toBe('aborted');
      const target = '/slow?ms=10000&case=abandon';
      for (let i = 0; i < 100 && !t.upstream().abandoned.includes(target); i++) await sleep(20);
      expect(t.upstream().abandoned).toContain(target);
      for (let i = 0; i < 100 && t.accessLog().length === 0; i++) await sleep(20);
      expect(t.accessLog()).toEqual([expect.objectContaining({ route: 'patient', status: 499 })]);
      expect((await send(t, '/echo/still-serving')).status).toBe(200);
    });
  });

  // Issue #12 item 3: server.timeouts.bodyIdle (BODY_IDLE_MS here) in both directions.
  describe('idle bodies', () => {
    it.each([
      ['Content-Length', 'content-length: 100000', 'x'.repeat(10)],
      ['chunked', 'transfer-encoding: chunked', 'a\r\nxxxxxxxxxx\r\n'],
    ])(
      'aborts a %s upload that goes quiet: 408, connection closed, upstream aborted, logged once',
      async (_title, framing, firstBytes) => {
        const head = `POST /upload HTTP/1.1\r\nhost: gw\r\n${framing}`;
        const { answer, closedAfterMs } = await stalledUpload(t, head, firstBytes);
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
        expect(answer.toLowerCase()).toContain('connection: close');
        expect(answer).toContain('urn:gatehouse:problem:request-timeout');
        expect(closedAfterMs).toBeGreaterThanOrEqual(BODY_IDLE_MS - 50);
        expect(closedAfterMs).toBeLessThan(BODY_IDLE_MS + 1_500);
        await until(() => t.upstream().abandoned.includes('/upload'));
        expect(t.upstream().abandoned).toContain('/upload');
        expect(t.idleLog()).toEqual([
          expect.objectContaining({
            route: 'upload',
            direction: 'client-to-upstream',
            idleMs: BODY_IDLE_MS,
          }),
        ]);
      },
    );

    it('keeps an upload that is slow but never quiet for bodyIdle', async () => {
      const body = new PassThrough();
      const responded = t.client().request({ path: '/upload', method: 'POST', body });
      // Four pauses of half the idle timeout: longer in total than bodyIdle, never idle that long.
      for (let i = 0; i < 4; i++) {
        body.write(Buffer.alloc(100, 0x61));
        await sleep(BODY_IDLE_MS / 2);
      }
      body.end(Buffer.alloc(100, 0x61));
      const response = await responded;
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toEqual({ bytes: 500 });
      expect(t.idleLog()).toEqual([]);
    });

    it('cuts the client off when the upstream response body goes quiet, and aborts the upstream', async () => {
      const target = `/stall?case=${Math.random()}`;
      const response = await t.client().request({ path: target, method: 'GET' });
      expect(response.statusCode).toBe(200);
      const started = Date.now();
      await expect(response.body.arrayBuffer()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(BODY_IDLE_MS + 1_500);
      await until(() => t.upstream().abandoned.includes(target));
      expect(t.upstream().abandoned).toContain(target);
      expect(t.idleLog()).toEqual([
        expect.objectContaining({
          route: 'stall',
          direction: 'upstream-to-client',
          idleMs: BODY_IDLE_MS,
        }),
      ]);
      expect((await send(t, '/echo/still-serving')).status).toBe(200);
    });
  });
}
