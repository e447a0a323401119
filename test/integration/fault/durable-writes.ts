import { expect } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import type { GatewayCalls, LoggedIn } from './gateway-calls.js';
import type { StreamSeeds } from './failover-stream.js';

/** What a test writes before an outage (failover, crash), to look for after it. */
export interface Seeds {
  /** Alice's session, refreshed once, with context at version 2. */
  live: LoggedIn;
  /** Its refresh token after the rotation. */
  liveRefresh: string;
  /** Alice's session an admin ended. */
  endedSession: LoggedIn;
  /** Alice's session whose first access token was revoked by `jti`. */
  revokedToken: LoggedIn;
  /** Bob's session, ended with every other of his by an admin (a user revocation). */
  bob: LoggedIn;
  /** What the failover test's stream probes. */
  stream: StreamSeeds;
}

const CONTEXT = { step: 2, cart: ['a', 'b'] };

/**
 * Writes the seeds through a gateway with a `session` route `/ses/*`: sessions, a rotation,
 * context and each kind of revocation.
 */
export async function writeSeeds(calls: GatewayCalls): Promise<Seeds> {
  const live = await calls.login('alice');
  const rotated = await calls.refresh(live.refreshToken);
  expect(rotated.status).toBe(200);
  const liveRefresh = ((await rotated.json()) as { refresh_token: string }).refresh_token;
  const put = await calls.withToken('/auth/session/context', live.token, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ step: 1 }),
  });
  expect(put.headers.get('etag')).toBe('"1"');
  const patch = await calls.withToken('/auth/session/context', live.token, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json', 'if-match': '"1"' },
    body: JSON.stringify(CONTEXT),
  });
  expect(patch.headers.get('etag')).toBe('"2"');

  const endedSession = await calls.login('alice');
  expect((await calls.admin('DELETE', `/sessions/${endedSession.sid}`)).status).toBe(204);
  const revokedToken = await calls.login('alice');
  const { jti, exp } = revokedToken;
  expect((await calls.admin('POST', '/revocations', { jti, exp })).status).toBe(204);
  const bob = await calls.login('bob');
  expect(await (await calls.admin('DELETE', '/users/bob/sessions')).json()).toEqual({ revoked: 1 });
  // In mirror mode the revocation reaches even this instance through the pub/sub channel.
  const refused = await calls.untilStatus('/ses/probe', 401, 2000, revokedToken.token);
  expect(refused, 'the mirror has the token revocation').toBe(401);

  const stream = {
    live: live.token,
    revokedSession: endedSession.token,
    revokedToken: revokedToken.token,
  };
  return { live, liveRefresh, endedSession, revokedToken, bob, stream };
}

/** Checks through a gateway (and `store`) that every seed is there as it was written. */
export async function expectSeedsKept(
  calls: GatewayCalls,
  store: Store,
  seeds: Seeds,
): Promise<void> {
  const next = await calls.refresh(seeds.liveRefresh);
  expect(next.status, 'the latest refresh token rotates').toBe(200);
  const { access_token: token } = (await next.json()) as { access_token: string };
  expect((await calls.withToken('/ses/probe', token)).status).toBe(200);
  const context = await calls.withToken('/auth/session/context', token);
  expect(context.headers.get('etag')).toBe('"2"');
  expect(await context.json()).toEqual(CONTEXT);

  const { endedSession, revokedToken, bob } = seeds;
  expect((await calls.withToken('/ses/probe', endedSession.token)).status).toBe(401);
  expect((await calls.refresh(endedSession.refreshToken)).status).toBe(401);
  expect((await calls.withToken('/ses/probe', revokedToken.token)).status).toBe(401);
  const sameSession = await calls.refresh(revokedToken.refreshToken);
  expect(sameSession.status, 'only the token was revoked, not its session').toBe(200);
  expect((await calls.withToken('/ses/probe', bob.token)).status).toBe(401);
  expect((await calls.refresh(bob.refreshToken)).status).toBe(401);

  const listed = await calls.admin('GET', '/users/alice/sessions');
  const { sessions } = (await listed.json()) as { sessions: Array<{ sid: string }> };
  const sids = sessions.map((session) => session.sid);
  expect(sids).toEqual(expect.arrayContaining([seeds.live.sid, revokedToken.sid]));
  expect(sids).not.toContain(endedSession.sid);

  expect(await store.revocationLog.listRevocations(Date.now())).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'session', sid: endedSession.sid }),
      expect.objectContaining({ kind: 'token', jti: revokedToken.jti }),
      expect.objectContaining({ kind: 'user', sub: 'bob' }),
    ]),
  );
}
