import { describe, expect, it } from 'vitest';
import { send, type TransportContext } from './transport-fixtures.js';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Status, headers and body both ways, as the upstream sent them but for the gateway's rules. */
export function passThroughCases(t: TransportContext): void {
  describe('pass-through', () => {
    it('forwards method, target and headers and answers with the upstream body', async () => {
      const response = await send(t, '/echo/a?x=1', { accept: 'text/plain', 'x-kept': 'yes' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      const echo = JSON.parse(response.text) as Echo;
      expect(echo).toMatchObject({ method: 'GET', url: '/echo/a?x=1', body: '' });
      expect(echo.headers).toMatchObject({ accept: 'text/plain', 'x-kept': 'yes' });
      expect(echo.headers).not.toHaveProperty('content-length');
      expect(echo.headers).not.toHaveProperty('transfer-encoding');
    });

    it.each([201, 204, 404, 500, 503])('passes status %i and its headers through', async (code) => {
      const response = await send(t, `/status?code=${code}`);
      expect(response.status).toBe(code);
      expect(response.headers['x-upstream']).toBe('yes');
      expect(response.text).toBe(code === 204 ? '' : `status ${code}`);
    });

    it('passes a redirect through instead of following it', async () => {
      const response = await send(t, '/status?code=302&location=/elsewhere');
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('/elsewhere');
      expect(t.upstream().received.map((r) => r.url)).toEqual([
        '/status?code=302&location=/elsewhere',
      ]);
    });

    it("replaces the upstream's X-Request-Id with the gateway's own", async () => {
      const response = await send(t, '/echo/id', { 'x-request-id': 'client-id-7' });
      expect(response.headers['x-request-id']).toBe('client-id-7');
      expect(t.upstream().received[0]!.headers['x-request-id']).toBe('client-id-7');
    });

    it('passes every Set-Cookie through and drops hop-by-hop and Connection-named headers', async () => {
      const response = await send(t, '/cookies');
      expect(response.status).toBe(200);
      expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
      expect(response.headers).not.toHaveProperty('x-upstream-hop');
      expect(response.headers['keep-alive']).not.toBe('timeout=77');
      expect(response.text).toBe('ok');
    });

    it("keeps the gateway's refresh cookies from the upstream and forwards the others", async () => {
      const name = t.served().gateway.deps.config.sessions.cookie.name;
      await send(t, '/echo/cookies', {
        cookie: `theme=dark; __Host-${name}=v1.secret; ${name}=v1.other; lang=en`,
      });
      expect(t.upstream().received[0]!.headers.cookie).toBe('theme=dark; lang=en');
    });

    it('forwards HEAD as HEAD and answers with the upstream headers and no body', async () => {
      const response = await t.client().request({ path: '/echo/head', method: 'HEAD' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.headers['x-request-id']).toBeDefined();
      expect(await response.body.text()).toBe('');
      expect(t.upstream().received[0]!.method).toBe('HEAD');
    });

    it('records the upstream status in the access log, once', async () => {
      await send(t, '/status?code=201');
      expect(t.accessLog()).toEqual([expect.objectContaining({ route: 'status', status: 201 })]);
    });
  });
}
