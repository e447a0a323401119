import { describe, expect, it } from 'vitest';
import { startSession } from '../session/session-fixtures.js';
import { identityOf, verifyGateway } from './verify-fixtures.js';

// Envoy's HTTP ext_authz calls `<path_prefix><original path and query>` with the original method.
describe('<any method> /auth/verify/<original path> (Envoy ext_authz)', () => {
  it('decides on the original method and path', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { scope: ['read'] });
    const ask = (method: string, path: string, headers: Record<string, string> = s.auth) =>
      gw.app.request(`/auth/verify${path}`, { method, headers });
    expect((await ask('POST', '/rw/x?y=1')).status).toBe(403);
    expect((await ask('DELETE', '/rw/x', {})).status).toBe(200);
    const allowed = await ask('PUT', '/ses/deep/path?q=1');
    expect(allowed.status).toBe(200);
    expect(identityOf(allowed)['x-auth-subject']).toBe('alice');
    expect((await ask('GET', '/ses/x', {})).status).toBe(401);
    expect((await ask('GET', '/')).status).toBe(403); // no route for "/"
  });

  it('takes the path over any forwarded header on the same request', async () => {
    const { gw } = await verifyGateway();
    const response = await gw.app.request('/auth/verify/ses/x', {
      headers: { 'x-forwarded-method': 'GET', 'x-forwarded-uri': '/public/x' },
    });
    expect(response.status).toBe(401);
  });

  it('decides on a CORS preflight instead of answering it (it would let it through)', async () => {
    const { gw } = await verifyGateway();
    const response = await gw.app.request('/auth/verify/ses/x', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
