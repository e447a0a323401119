import { describe, expect, it } from 'vitest';
import { startSession } from '../session/session-fixtures.js';
import { identityOf, verifyGateway, verifyRequest } from './verify-fixtures.js';

const DAY = 86_400_000;

// Without a forwarded request it can trust, /auth/verify requires what the `session` policy does
// (valid token, live session), never `public`: here `/public/x` would otherwise allow anyone.
describe.each([
  [
    'trustProxy: false, with forwarded headers',
    false,
    { 'x-forwarded-method': 'GET', 'x-forwarded-uri': '/public/x' },
  ],
  ['trustProxy: true, no forwarded URI', true, { 'x-forwarded-method': 'GET' }],
  ['trustProxy: true, no forwarded method', true, { 'x-original-uri': '/public/x' }],
  ['trustProxy: true, no headers at all', true, {}],
])('the strictest policy (%s)', (_, trustProxy, forwarded) => {
  const ask = async (trust: boolean, headers: Record<string, string>) => {
    const { gw } = await verifyGateway({ trustProxy: trust });
    const s = await startSession(gw);
    const verify = (extra: Record<string, string>) =>
      gw.app.request('/auth/verify', { headers: { ...headers, ...extra } });
    return { gw, s, verify };
  };

  it('refuses a request without a token, even for a public route', async () => {
    const { verify } = await ask(trustProxy, forwarded);
    const response = await verify({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
  });

  it('allows a valid token of a live session, with its identity', async () => {
    const { s, verify } = await ask(trustProxy, forwarded);
    const response = await verify(s.auth);
    expect(response.status).toBe(200);
    expect(identityOf(response)).toMatchObject({ 'x-auth-session': s.sid });
  });

  it('refuses the token once its session is revoked', async () => {
    const { gw, s, verify } = await ask(trustProxy, forwarded);
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + DAY);
    expect((await verify(s.auth)).status).toBe(401);
  });
});

describe('the strictest policy without trustProxy', () => {
  it('ignores Envoy-style paths too', async () => {
    const { gw } = await verifyGateway({ trustProxy: false });
    const response = await gw.app.request('/auth/verify/public/x');
    expect(response.status).toBe(401);
  });

  it('ignores forwarded headers that would name a scoped route it then fails', async () => {
    const { gw } = await verifyGateway({ trustProxy: false });
    const s = await startSession(gw, { scope: [] });
    // Trusted, /tok/x would be 403 (needs scope read); untrusted, the route is unknown.
    expect((await verifyRequest(gw, 'GET', '/tok/x', s.auth)).status).toBe(200);
  });
});
