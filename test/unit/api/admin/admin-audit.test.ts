import { describe, expect, it } from 'vitest';
import {
  adminCall,
  adminGateway,
  asAdmin,
  auditEvents,
  loginAlice,
  mint,
  OPS_KEY,
} from './admin-fixtures.js';

const AT = new Date(Date.UTC(2026, 0, 1)).toISOString();

describe('admin audit events', () => {
  it('writes one event per action: actor, action, target, outcome, time', async () => {
    const { gw, logger } = await adminGateway();
    const alice = await loginAlice(gw);
    const minted = await mint(gw, { sub: 'user-bob', scope: 'read:api' });
    const exp = Math.floor(Date.UTC(2026, 0, 1) / 1000) + 60;
    await asAdmin(gw, 'GET', '/users/user-alice/sessions');
    await asAdmin(gw, 'GET', `/sessions/${alice.sid}`);
    await asAdmin(gw, 'DELETE', `/sessions/${alice.sid}`);
    await asAdmin(gw, 'DELETE', '/users/user-bob/sessions');
    await asAdmin(gw, 'POST', '/revocations', { jti: 'jti-1', exp });
    const rotated = (await (await asAdmin(gw, 'POST', '/keys/rotate')).json()) as { kid: string };
    const actor = 'key:ops';
    const events = auditEvents(logger);
    // Each event carries the request id of its request (the request's logger binds it).
    expect(new Set(events.map((event) => event.requestId)).size).toBe(events.length);
    expect(events.map(({ requestId: _, ...event }) => event)).toEqual([
      {
        audit: true,
        actor,
        action: 'session.mint',
        target: 'user:user-bob',
        outcome: 'success',
        details: { sid: minted.sid },
        at: AT,
      },
      {
        audit: true,
        actor,
        action: 'user.sessions.list',
        target: 'user:user-alice',
        outcome: 'success',
        details: { sessions: 1 },
        at: AT,
      },
      {
        audit: true,
        actor,
        action: 'session.read',
        target: `session:${alice.sid}`,
        outcome: 'success',
        at: AT,
      },
      {
        audit: true,
        actor,
        action: 'session.revoke',
        target: `session:${alice.sid}`,
        outcome: 'success',
        details: { sub: 'user-alice' },
        at: AT,
      },
      {
        audit: true,
        actor,
        action: 'user.sessions.revoke',
        target: 'user:user-bob',
        outcome: 'success',
        details: { revoked: 1 },
        at: AT,
      },
      {
        audit: true,
        actor,
        action: 'token.revoke',
        target: 'token:jti-1',
        outcome: 'success',
        at: AT,
      },
      {
        audit: true,
        actor,
        action: 'keys.rotate',
        target: 'keys',
        outcome: 'success',
        details: { kid: rotated.kid },
        at: AT,
      },
    ]);
  });

  it('never logs a token, a refresh token or a key', async () => {
    const { gw, logger } = await adminGateway();
    const minted = await mint(gw);
    await adminCall(gw, 'GET', '/users/x/sessions', { credential: minted.access_token });
    await adminCall(gw, 'GET', '/users/x/sessions', {
      credential: `${OPS_KEY.key.slice(0, -2)}xx`,
    });
    const text = JSON.stringify(logger.lines);
    expect(text).toContain('"audit":true');
    for (const secret of [
      minted.access_token,
      minted.refresh_token,
      OPS_KEY.key,
      OPS_KEY.key.slice(4, 30),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('audits refusals: denied credentials, unknown sessions, bad requests', async () => {
    const { gw, logger } = await adminGateway();
    const { access } = await loginAlice(gw);
    await adminCall(gw, 'DELETE', '/sessions/abc');
    await adminCall(gw, 'DELETE', '/sessions/abc', { credential: access });
    await asAdmin(gw, 'GET', '/sessions/AAAAAAAAAAAAAAAAAAAAAA');
    await asAdmin(gw, 'DELETE', '/sessions/AAAAAAAAAAAAAAAAAAAAAA');
    await asAdmin(gw, 'POST', '/revocations', { jti: 'j' });
    expect(
      auditEvents(logger).map(({ actor, action, target, outcome }) => ({
        actor,
        action,
        target,
        outcome,
      })),
    ).toEqual([
      {
        actor: 'anonymous',
        action: 'admin.authenticate',
        target: 'DELETE /admin/sessions/abc',
        outcome: 'denied',
      },
      {
        actor: 'sub:user-alice',
        action: 'admin.authenticate',
        target: 'DELETE /admin/sessions/abc',
        outcome: 'denied',
      },
      {
        actor: 'key:ops',
        action: 'session.read',
        target: 'session:AAAAAAAAAAAAAAAAAAAAAA',
        outcome: 'not-found',
      },
      {
        actor: 'key:ops',
        action: 'session.revoke',
        target: 'session:AAAAAAAAAAAAAAAAAAAAAA',
        outcome: 'not-found',
      },
      { actor: 'key:ops', action: 'token.revoke', target: 'token:', outcome: 'rejected' },
    ]);
  });

  it('names the holder of an admin access token as the actor', async () => {
    const { gw, logger } = await adminGateway();
    const admin = await mint(gw, { sub: 'root', scope: 'gatehouse:admin' });
    await adminCall(gw, 'POST', '/keys/rotate', { credential: admin.access_token });
    expect(auditEvents(logger).at(-1)).toMatchObject({
      actor: 'sub:root',
      action: 'keys.rotate',
      outcome: 'success',
    });
  });
});
