import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import { describe, expect, it } from 'vitest';
import { send, type TransportContext } from './transport-fixtures.js';

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
}
