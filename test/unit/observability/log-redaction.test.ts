import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../../src/adapters/node/pino-logger.js';
import { redactFields } from '../../../src/observability/logger.js';
import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { testGateway } from '../../helpers/test-gateway.js';

describe('redactFields', () => {
  it('replaces secret-looking fields two levels deep and leaves the rest alone', () => {
    const input = {
      sub: 'user-1',
      password: 'hunter2',
      headers: { authorization: 'Bearer abc', cookie: 'a=b', 'set-cookie': 'c=d', accept: '*/*' },
      refresh_token: 'r',
      jwk: { kty: 'EC', d: 'private', x: 'public' },
    };
    expect(redactFields(input)).toEqual({
      sub: 'user-1',
      password: '[redacted]',
      headers: {
        authorization: '[redacted]',
        cookie: '[redacted]',
        'set-cookie': '[redacted]',
        accept: '*/*',
      },
      refresh_token: '[redacted]',
      jwk: { kty: 'EC', d: '[redacted]', x: 'public' },
    });
    expect(input.password).toBe('hunter2');
  });

  it('returns the same object when nothing needs redacting', () => {
    const input = { sub: 'u', nested: { ok: 1 } };
    expect(redactFields(input)).toBe(input);
  });
});

describe('gateway logs', () => {
  it('never contain the password, the access token or the Authorization header', async () => {
    const sink = new PassThrough();
    let logged = '';
    sink.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    const upstreamFetch = (async () => new Response('{}', { status: 200 })) as typeof fetch;
    const gateway = await testGateway(
      `routes: [{ name: api, match: { path: /api/* }, upstream: "http://127.0.0.1:9", policy: token }]`,
      {
        logger: createPinoLogger('trace', sink),
        upstream: createFetchTransport(upstreamFetch),
        identitySources: [
          {
            authenticate: async (u, p) =>
              u === 'alice' && p === 'pw-sekrit-123'
                ? { sub: 'alice', scope: [], claims: {} }
                : null,
          },
        ],
      },
    );
    const login = await gateway.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'pw-sekrit-123' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    await gateway.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'wrong-pw-456' }),
    });
    expect(
      (await gateway.app.request('/api/x', { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(200);
    expect(
      (await gateway.app.request('/api/x', { headers: { authorization: `Bearer ${token}x` } }))
        .status,
    ).toBe(401);
    await new Promise((r) => setImmediate(r));

    expect(logged).toContain('"msg":"login"');
    expect(logged).toContain('"route":"api"');
    for (const secret of ['pw-sekrit-123', 'wrong-pw-456', token, token.split('.')[2]!, 'Bearer']) {
      expect(logged).not.toContain(secret);
    }
  });
});
