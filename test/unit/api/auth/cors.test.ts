import { describe, expect, it } from 'vitest';
import { postLogin } from './login-fixtures.js';
import { ORIGIN, spaGateway } from './refresh-fixtures.js';

const OK = { username: 'alice', password: 'pw-alice' };

function preflight(origin: string, path = '/auth/refresh') {
  return {
    path,
    init: {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    },
  };
}

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('CORS on the auth routes', () => {
  it('answers a preflight from an allowed origin with 204 and the allowed methods and headers', async () => {
    const gateway = await spaGateway();
    const { path, init } = preflight(ORIGIN);
    const response = await gateway.app.request(path, init);
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH',
      'access-control-allow-headers': 'Content-Type, Authorization, If-Match',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
  });

  it('gives a preflight from another origin no CORS headers', async () => {
    const gateway = await spaGateway();
    const { path, init } = preflight('https://evil.example');
    const response = await gateway.app.request(path, init);
    expect(corsHeaders(response)).toEqual([]);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('lets an allowed origin read answers, errors included, with credentials', async () => {
    const gateway = await spaGateway();
    for (const body of [OK, { ...OK, password: 'wrong' }]) {
      const response = await postLogin(gateway, body, {
        headers: { 'content-type': 'application/json', origin: ORIGIN },
      });
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'ETag, Retry-After',
        vary: 'Origin',
      });
    }
  });

  it('gives other origins, and requests without Origin, no CORS headers', async () => {
    const gateway = await spaGateway();
    const origins: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, {}];
    for (const headers of origins) {
      const response = await postLogin(gateway, OK, {
        headers: { 'content-type': 'application/json', ...headers },
      });
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual([]);
    }
  });

  it('adds no CORS headers outside the auth prefix', async () => {
    const gateway = await spaGateway();
    const response = await gateway.app.request('/.well-known/jwks.json', {
      headers: { origin: ORIGIN },
    });
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual([]);
  });

  it('serves CORS under a configured authPrefix', async () => {
    const gateway = await spaGateway('authPrefix: /identity');
    const { path, init } = preflight(ORIGIN, '/identity/login');
    const response = await gateway.app.request(path, init);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
