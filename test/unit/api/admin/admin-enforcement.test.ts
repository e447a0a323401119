import { describe, expect, it } from 'vitest';
import type { TestGateway } from '../../../helpers/test-gateway.js';
import { adminGateway, asAdmin, loginAlice } from './admin-fixtures.js';

// What an admin revocation does to access tokens (README "Admin API", "Revocation"), in the default
// `mirror` mode: `session` routes refuse at once; `token` routes stay stateless until the token
// expires.

const call = (gw: TestGateway, path: string, token: string) =>
  gw.app.request(path, { headers: { authorization: `Bearer ${token}` } });

const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    jti: string;
    exp: number;
  };

describe('admin revocations on the routes', () => {
  it('DELETE /admin/sessions/{sid}: the session route refuses its token, the token route not', async () => {
    const { gw } = await adminGateway();
    const { access, sid } = await loginAlice(gw);
    expect((await call(gw, '/account/me', access)).status).toBe(200);
    await asAdmin(gw, 'DELETE', `/sessions/${sid}`);
    expect((await call(gw, '/account/me', access)).status).toBe(401);
    expect((await call(gw, '/api/x', access)).status).toBe(200);
  });

  it('DELETE /admin/users/{sub}/sessions: every earlier token refused, a new login accepted', async () => {
    const { gw, clock } = await adminGateway();
    const tokens = [(await loginAlice(gw)).access, (await loginAlice(gw)).access];
    clock.advance(1500);
    await asAdmin(gw, 'DELETE', '/users/user-alice/sessions');
    for (const token of tokens) expect((await call(gw, '/account/me', token)).status).toBe(401);
    const fresh = await loginAlice(gw);
    expect((await call(gw, '/account/me', fresh.access)).status).toBe(200);
  });

  it('POST /admin/revocations: that token refused on the session route, its session’s others not', async () => {
    const { gw, clock } = await adminGateway();
    const { access, refresh } = await loginAlice(gw);
    const { jti, exp } = payloadOf(access);
    expect((await asAdmin(gw, 'POST', '/revocations', { jti, exp })).status).toBe(204);
    expect((await call(gw, '/account/me', access)).status).toBe(401);
    clock.advance(1000);
    const refreshed = await gw.app.request('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refresh }),
    });
    const next = ((await refreshed.json()) as { access_token: string }).access_token;
    expect((await call(gw, '/account/me', next)).status).toBe(200);
  });
});
