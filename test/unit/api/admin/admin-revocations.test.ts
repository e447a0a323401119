import { describe, expect, it } from 'vitest';
import { problemOf } from '../session/session-fixtures.js';
import { adminGateway, asAdmin, loginAlice, OPS_KEY } from './admin-fixtures.js';

const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    jti: string;
    exp: number;
    sid: string;
    iat: number;
  };

describe('POST /admin/revocations', () => {
  it('revokes one access token by jti until its exp (plus the clock tolerance): 204', async () => {
    const { gw, store, clock } = await adminGateway();
    const { access } = await loginAlice(gw);
    const { jti, exp, sid, iat } = payloadOf(access);
    const response = await asAdmin(gw, 'POST', '/revocations', { jti, exp });
    expect(response.status).toBe(204);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tolerance = gw.deps.config.tokens.clockTolerance;
    expect(await store.revocationLog.listRevocations(clock.now())).toContainEqual({
      kind: 'token',
      jti,
      forgetAt: exp * 1000 + tolerance,
    });
    const query = { jti, sid, sub: 'user-alice', issuedAt: iat * 1000 };
    expect(await store.revocationLog.isRevoked(query, clock.now())).toBe(true);
    expect(await store.revocationLog.isRevoked({ ...query, jti: 'another' }, clock.now())).toBe(
      false,
    );
  });

  it('accepts an exp just past but within the clock tolerance, refuses one beyond it', async () => {
    const { gw, clock } = await adminGateway();
    const now = Math.floor(clock.now() / 1000);
    const tolerance = gw.deps.config.tokens.clockTolerance / 1000;
    const ok = await asAdmin(gw, 'POST', '/revocations', { jti: 'j1', exp: now - tolerance + 1 });
    expect(ok.status).toBe(204);
    const late = await asAdmin(gw, 'POST', '/revocations', { jti: 'j2', exp: now - tolerance });
    expect(late.status).toBe(400);
    expect(await problemOf(late)).toMatchObject({
      field: 'exp',
      detail: expect.stringMatching(/expired/),
    });
  });

  it('refuses an exp later than any token of this gateway can have', async () => {
    const { gw, clock } = await adminGateway();
    const { accessTtl, clockTolerance } = gw.deps.config.tokens;
    const limit = (clock.now() + accessTtl + clockTolerance) / 1000;
    expect((await asAdmin(gw, 'POST', '/revocations', { jti: 'j', exp: limit })).status).toBe(204);
    const response = await asAdmin(gw, 'POST', '/revocations', { jti: 'j', exp: limit + 1 });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ field: 'exp' });
  });

  it.each([
    ['a missing jti', { exp: 1 }, 'jti'],
    ['an empty jti', { jti: '', exp: 1 }, 'jti'],
    ['a jti with a space', { jti: 'a b', exp: 1 }, 'jti'],
    ['exp as a string', { jti: 'j', exp: '1767225900' }, 'exp'],
    ['a fractional exp', { jti: 'j', exp: 1.5 }, 'exp'],
    ['an unknown field', { jti: 'j', exp: 1, sub: 'x' }, 'sub'],
  ])('answers 400 naming the field for %s', async (_, body, field) => {
    const { gw } = await adminGateway();
    const response = await asAdmin(gw, 'POST', '/revocations', body);
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ field });
  });

  it('answers 415 for a body that is not JSON', async () => {
    const { gw } = await adminGateway();
    const response = await gw.app.request('/admin/revocations', {
      method: 'POST',
      headers: { authorization: `Bearer ${OPS_KEY.key}`, 'content-type': 'text/plain' },
      body: 'jti=x&exp=1',
    });
    expect(response.status).toBe(415);
  });
});
