import { beforeEach, describe, expect, it } from 'vitest';
import { forgetAt } from '../../../src/revocation/forget-at.js';
import type { Revocation } from '../../../src/store/revocation-log.js';
import { problemOf, signToken, startSession } from '../api/session/session-fixtures.js';
import { proxyHarness, type ProxyHarness } from '../policy/proxy-harness.js';

const routes = (mode: string) => `
revocation: { mode: ${mode} }
routes:
  - { name: tok, match: { path: /tok/* }, upstream: "http://up.test", policy: token }
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
  - { name: ctx, match: { path: /ctx/* }, upstream: "http://up.test", policy: context }
`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    jti: string;
    exp: number;
  };

let h: ProxyHarness;

// README "Admin API" and "Revocation": revocations by session, token and user, on every policy, in
// both modes.
describe.each(['lookup', 'mirror'])('revocations (revocation.mode: %s)', (mode) => {
  beforeEach(async () => {
    h = await proxyHarness(routes(mode));
  });

  const call = (path: string, token: string) => h.gw.app.request(path, { headers: bearer(token) });
  const publish = (revocation: Revocation) =>
    h.gw.deps.store.revocationLog.publishRevocation(revocation, h.gw.clock.now());
  const tokens = () => h.gw.deps.config.tokens;

  /** 401 invalid_token "session revoked" on session and context routes; 200 on token routes. */
  async function expectRevokedOnlyStatefully(token: string) {
    for (const path of ['/ses/x', '/ctx/x']) {
      const response = await call(path, token);
      expect(response.status, path).toBe(401);
      expect((await problemOf(response)).detail, path).toBe('session revoked');
    }
    // The documented stateless trade-off: token routes accept it until it expires (accessTtl).
    expect((await call('/tok/x', token)).status).toBe(200);
  }

  it('a revoked session: all its tokens refused on session routes, accepted on token routes', async () => {
    const s = await startSession(h.gw);
    const other = await startSession(h.gw);
    const now = h.gw.clock.now();
    await publish({
      kind: 'session',
      sid: s.sid,
      forgetAt: forgetAt(tokens(), { kind: 'session', now }),
    });
    await expectRevokedOnlyStatefully(s.token);
    await expectRevokedOnlyStatefully(
      await signToken(h.gw, { sub: 'alice', sid: s.sid, scope: [] }),
    );
    expect((await call('/ses/x', other.token)).status).toBe(200);
  });

  it('a revoked jti: that token refused on session routes, its session’s other tokens accepted', async () => {
    const s = await startSession(h.gw);
    const sibling = await signToken(h.gw, { sub: 'alice', sid: s.sid, scope: ['read'] });
    const { jti, exp } = claimsOf(s.token);
    const now = h.gw.clock.now();
    await publish({
      kind: 'token',
      jti,
      forgetAt: forgetAt(tokens(), { kind: 'token', now, exp }),
    });
    await expectRevokedOnlyStatefully(s.token);
    expect((await call('/ses/x', sibling)).status).toBe(200);
  });

  it('a user not-before: tokens issued before it refused, those of a later login accepted', async () => {
    const before = await startSession(h.gw, { sub: 'bob' });
    const bystander = await startSession(h.gw, { sub: 'carol' });
    h.gw.clock.advance(1000);
    const now = h.gw.clock.now();
    await publish({
      kind: 'user',
      sub: 'bob',
      notBefore: now,
      forgetAt: forgetAt(tokens(), { kind: 'user', now }),
    });
    await expectRevokedOnlyStatefully(before.token);
    expect((await call('/ses/x', bystander.token)).status).toBe(200);
    h.gw.clock.advance(1000);
    const after = await startSession(h.gw, { sub: 'bob' });
    expect((await call('/ses/x', after.token)).status).toBe(200);
    expect((await call('/ctx/x', after.token)).status).toBe(200);
  });

  it('a revocation is forgotten at its forgetAt, when its tokens have expired anyway', async () => {
    const s = await startSession(h.gw);
    const now = h.gw.clock.now();
    const until = forgetAt(tokens(), { kind: 'session', now });
    await publish({ kind: 'session', sid: 's-brief', forgetAt: until });
    await h.gw.deps.store.sessions.revokeSession(s.sid, now, until);
    h.gw.clock.advance(until - now);
    // Every token of the session has expired by now: 401 for expiry, not for the revocation.
    const response = await call('/ses/x', s.token);
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).not.toBe('session revoked');
    expect(await h.gw.deps.store.revocationLog.listRevocations(h.gw.clock.now())).toEqual([]);
  });
});
