import { silentLogger, type Logger } from '../../../../src/observability/logger.js';
import { describe, expect, it } from 'vitest';
import { startSession } from '../session/session-fixtures.js';
import { identityOf, verifyGateway, verifyRequest } from './verify-fixtures.js';

const DAY = 86_400_000;

// Without a forwarded request it can trust, /auth/verify requires what the `session` policy does
// (valid token, live session) and every scope any route requires (read, write), never `public`:
// here `/public/x` would otherwise allow anyone.
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
    const s = await startSession(gw, { scope: ['read', 'write'] });
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

  // Issue #12 item 8: an ordinary user (scope read) must not pass where the proxy would refuse.
  it('refuses a token lacking a scope some route requires, saying why and what fixes it', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      ...silentLogger,
      warn: (_fields, message) => void warnings.push(message ?? ''),
      child: () => logger,
    };
    const { gw } = await verifyGateway({ trustProxy: false, logger });
    const s = await startSession(gw, { scope: ['read'] });
    const response = await verifyRequest(gw, 'POST', '/rw/x', s.auth);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    const body = (await response.json()) as { detail: string };
    expect(body.detail).toContain('the forwarded request was not trusted');
    expect(body.detail).toContain('server.trustProxy: true');
    await verifyRequest(gw, 'POST', '/rw/x', s.auth);
    expect(warnings.filter((line) => line.includes('server.trustProxy: true'))).toHaveLength(1);
  });

  it('names the missing headers when trustProxy is on but nothing says which request', async () => {
    const { gw } = await verifyGateway({ trustProxy: true });
    const response = await gw.app.request('/auth/verify');
    expect(response.status).toBe(401);
    const body = (await response.json()) as { detail: string };
    expect(body.detail).toContain('X-Forwarded-Method + X-Forwarded-Uri');
  });
});
