import { describe, expect, it } from 'vitest';
import { testGateway } from '../../../helpers/test-gateway.js';
import { problemOf } from '../session/session-fixtures.js';
import {
  ADMIN_KEYS,
  adminCall,
  adminGateway,
  asAdmin,
  auditEvents,
  loginAlice,
  mint,
  newAdminKey,
  OPS_KEY,
} from './admin-fixtures.js';

const LIST = '/users/user-alice/sessions';

describe('admin API authentication', () => {
  it('answers 401 with a bare Bearer challenge when no credentials are sent', async () => {
    const { gw } = await adminGateway();
    const response = await adminCall(gw, 'GET', LIST);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['an unknown key', newAdminKey().key],
    ['a truncated key', OPS_KEY.key.slice(0, -1)],
    [
      'a key with one character changed',
      `${OPS_KEY.key.slice(0, -1)}${OPS_KEY.key.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['the hash instead of the key', `gha_${OPS_KEY.sha256}`],
  ])('answers 401 invalid_token for %s', async (_, credential) => {
    const { gw } = await adminGateway();
    const response = await adminCall(gw, 'GET', LIST, { credential });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(JSON.stringify(await problemOf(response))).not.toContain(credential);
  });

  it('accepts every configured key, whichever its place in the list, and names it', async () => {
    const { gw, logger } = await adminGateway();
    for (const [name, { key }] of Object.entries(ADMIN_KEYS)) {
      expect((await adminCall(gw, 'GET', LIST, { credential: key })).status).toBe(200);
      expect(auditEvents(logger).at(-1)).toMatchObject({ actor: `key:${name}` });
    }
  });

  it('matches the Bearer scheme case-insensitively', async () => {
    const { gw } = await adminGateway();
    const response = await gw.app.request(`/admin${LIST}`, {
      headers: { authorization: `bEaReR ${OPS_KEY.key}` },
    });
    expect(response.status).toBe(200);
  });

  it('answers 403 insufficient_scope to a valid access token without the admin scope', async () => {
    const { gw } = await adminGateway();
    const { access } = await loginAlice(gw);
    const response = await adminCall(gw, 'GET', LIST, { credential: access });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="gatehouse", error="insufficient_scope", error_description="this route requires scope: gatehouse:admin", scope="gatehouse:admin"',
    );
  });

  it('accepts an access token of a live session carrying the admin scope', async () => {
    const { gw, logger } = await adminGateway();
    const admin = await mint(gw, { sub: 'root', scope: 'gatehouse:admin' });
    const response = await adminCall(gw, 'GET', LIST, { credential: admin.access_token });
    expect(response.status).toBe(200);
    expect(auditEvents(logger).at(-1)).toMatchObject({ actor: 'sub:root' });
  });

  it('refuses an admin-scoped token once its session is revoked (401)', async () => {
    const { gw } = await adminGateway();
    const admin = await mint(gw, { sub: 'root', scope: 'gatehouse:admin' });
    expect((await asAdmin(gw, 'DELETE', `/sessions/${admin.sid}`)).status).toBe(204);
    const response = await adminCall(gw, 'GET', LIST, { credential: admin.access_token });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('answers 401 invalid_token to a malformed or expired access token', async () => {
    const { gw, clock } = await adminGateway();
    const admin = await mint(gw, { sub: 'root', scope: 'gatehouse:admin' });
    const bad = await adminCall(gw, 'GET', LIST, { credential: 'not-a-jwt' });
    expect(bad.status).toBe(401);
    clock.advance(gw.deps.config.tokens.accessTtl + gw.deps.config.tokens.clockTolerance + 1000);
    const expired = await adminCall(gw, 'GET', LIST, { credential: admin.access_token });
    expect(expired.status).toBe(401);
    expect((await problemOf(expired)).detail).toBe('token expired');
  });

  it('uses the configured admin.scope', async () => {
    const { gw } = await adminGateway('', { admin: 'scope: ops:root' });
    const holder = await mint(gw, { sub: 'root', scope: 'ops:root' });
    const other = await mint(gw, { sub: 'root', scope: 'gatehouse:admin' });
    expect((await adminCall(gw, 'GET', LIST, { credential: holder.access_token })).status).toBe(
      200,
    );
    expect((await adminCall(gw, 'GET', LIST, { credential: other.access_token })).status).toBe(403);
  });

  it('authenticates before routing: 401 for strangers, 404 and 405 for admins', async () => {
    const { gw } = await adminGateway();
    expect((await adminCall(gw, 'GET', '/nothing-here')).status).toBe(401);
    const missing = await asAdmin(gw, 'GET', '/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const wrongMethod = await asAdmin(gw, 'PUT', '/sessions/abc');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, DELETE');
  });

  it('accepts no key at all when admin.keys is empty', async () => {
    const gw = await testGateway('');
    const response = await gw.app.request(`/admin${LIST}`, {
      headers: { authorization: `Bearer ${OPS_KEY.key}` },
    });
    expect(response.status).toBe(401);
  });
});
