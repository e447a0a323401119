import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis, uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';
import { loginDemo, startGatewayPair, type GatewayPair } from './gateway-pair.js';

// README "Tokens and keys", "Admin API" and "Revocation" across processes: two gatehouse processes
// on one Redis. What one instance does (revoke a session, rotate the signing key) holds on the
// other within a short, bounded wait.

const PROPAGATION_BOUND_MS = 2000;

describeWithRedis('two gateway processes on one Redis', (redisUrl) => {
  let upstream: UpstreamServer;
  let pair: GatewayPair;

  beforeAll(async () => {
    upstream = await startUpstreamServer();
    pair = await startGatewayPair({
      redisUrl,
      keyPrefix: uniqueKeyPrefix(),
      upstream: upstream.origin,
    });
  }, 60_000);

  afterAll(async () => {
    await pair?.stop();
    await upstream?.close();
  });

  const account = (url: string, token: string) =>
    fetch(`${url}/account/me`, { headers: { authorization: `Bearer ${token}` } });
  const admin = (method: string, path: string) =>
    fetch(`${pair.a.url}/admin${path}`, {
      method,
      headers: { authorization: pair.adminAuthorization },
    });

  it('accepts a token from a login on A on B’s session route', async () => {
    const login = await loginDemo(pair.a.url);
    const response = await account(pair.b.url, login.token);
    expect(response.status).toBe(200);
    expect(upstream.received.at(-1)!.headers['x-auth-session']).toBe(login.sid);
  });

  it('rejects on B, within a bounded wait, a session revoked through A’s admin API', async () => {
    const login = await loginDemo(pair.a.url);
    expect((await account(pair.b.url, login.token)).status).toBe(200);
    const revoke = await admin('DELETE', `/sessions/${login.sid}`);
    expect(revoke.status, await revoke.clone().text()).toBeLessThan(300);
    const started = Date.now();
    const status = await untilStatus(() => account(pair.b.url, login.token), 401);
    expect(status, `B still answered ${status} ${Date.now() - started} ms after the revoke`).toBe(
      401,
    );
  });

  it('rotates the key through A: B lists both keys and signs with the new one', async () => {
    const before = await loginDemo(pair.b.url);
    const rotate = await admin('POST', '/keys/rotate');
    expect(rotate.status, await rotate.clone().text()).toBe(200);
    const { kid } = (await rotate.json()) as { kid: string };
    expect(kid).not.toBe(before.kid);

    const kids = await untilKids(pair.b.url, [kid, before.kid]);
    expect(kids).toEqual(expect.arrayContaining([kid, before.kid]));
    const after = await loginDemo(pair.b.url);
    expect(after.kid).toBe(kid);
    // Both instances verify tokens of either key.
    expect((await account(pair.a.url, after.token)).status).toBe(200);
    expect((await account(pair.b.url, before.token)).status).toBe(200);
    expect((await account(pair.a.url, before.token)).status).toBe(200);
  });

  it('revokes the active key through A: B refuses its tokens within a bounded wait', async () => {
    const leaked = await loginDemo(pair.b.url);
    expect((await account(pair.b.url, leaked.token)).status).toBe(200);
    const revoke = await admin('DELETE', `/keys/${leaked.kid}`);
    expect(revoke.status, await revoke.clone().text()).toBe(200);
    const { kid } = (await revoke.json()) as { kid: string };
    expect(kid).not.toBe(leaked.kid);

    expect((await account(pair.a.url, leaked.token)).status).toBe(401);
    const started = Date.now();
    const status = await untilStatus(() => account(pair.b.url, leaked.token), 401);
    expect(status, `B still answered ${status} ${Date.now() - started} ms after the revoke`).toBe(
      401,
    );
    const after = await loginDemo(pair.b.url);
    expect(after.kid).toBe(kid);
    expect((await account(pair.a.url, after.token)).status).toBe(200);
  });
});

/** Polls until `request` answers `status` or the bound passes; the last status seen. */
async function untilStatus(request: () => Promise<Response>, status: number): Promise<number> {
  const deadline = Date.now() + PROPAGATION_BOUND_MS;
  for (;;) {
    const seen = (await request()).status;
    if (seen === status || Date.now() > deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls B's JWKS until it lists every kid in `wanted` or the bound passes; the kids last seen. */
async function untilKids(url: string, wanted: string[]): Promise<string[]> {
  const deadline = Date.now() + PROPAGATION_BOUND_MS;
  for (;;) {
    const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    const kids = jwks.keys.map((key) => key.kid);
    if (wanted.every((kid) => kids.includes(kid)) || Date.now() > deadline) return kids;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
