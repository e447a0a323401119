import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import { keyReloadListener } from '../../../../src/keys/key-reload-listener.js';
import { silentLogger } from '../../../../src/observability/logger.js';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import { problemOf } from '../session/session-fixtures.js';
import {
  adminConfig,
  adminGateway,
  asAdmin,
  auditEvents,
  kidOf,
  mint,
  OPS_KEY,
} from './admin-fixtures.js';

async function jwksKids(gw: TestGateway): Promise<string[]> {
  const response = await gw.app.request('/.well-known/jwks.json');
  return ((await response.json()) as { keys: Array<{ kid: string }> }).keys.map((key) => key.kid);
}

const callApi = (gw: TestGateway, token: string) =>
  gw.app.request('/api/x', { headers: { authorization: `Bearer ${token}` } });

async function rotate(gw: TestGateway): Promise<{ kid: string; previous: string[] }> {
  const response = await asAdmin(gw, 'POST', '/keys/rotate');
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as { kid: string; previous: string[] };
}

describe('POST /admin/keys/rotate', () => {
  it('makes a new key sign at once while tokens of the old one keep verifying', async () => {
    const { gw } = await adminGateway();
    const before = await mint(gw);
    const old = kidOf(before.access_token);
    const { kid, previous } = await rotate(gw);
    expect(kid).not.toBe(old);
    expect(previous).toEqual([old]);
    const after = await mint(gw);
    expect(kidOf(after.access_token)).toBe(kid);
    expect((await callApi(gw, before.access_token)).status).toBe(200);
    expect((await callApi(gw, after.access_token)).status).toBe(200);
    expect(await jwksKids(gw)).toEqual([kid, old]);
  });

  it('drops a retired key from the JWKS, and stops verifying with it, once its window is over', async () => {
    const { gw, clock } = await adminGateway();
    const token = await mint(gw);
    const first = kidOf(token.access_token);
    const second = (await rotate(gw)).kid;
    const { accessTtl, clockTolerance } = gw.deps.config.tokens;
    clock.advance(accessTtl + clockTolerance + 60_000 - 1);
    const third = (await rotate(gw)).kid;
    expect(await jwksKids(gw)).toEqual([third, second, first]);
    expect(gw.deps.keyring.find(first)).toBeDefined();
    // No rotation needed: the window's end is enough.
    clock.advance(1);
    expect(await jwksKids(gw)).toEqual([third, second]);
    expect(gw.deps.keyring.find(first)).toBeUndefined();
    const listed = (await (await asAdmin(gw, 'GET', '/keys')).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(listed.keys.map((key) => key.kid)).toEqual([third, second]);
    // The next rotation prunes it from the stored set as well.
    const fourth = await rotate(gw);
    expect(fourth.previous).toEqual([third, second]);
    expect(await jwksKids(gw)).toEqual([fourth.kid, third, second]);
  });

  it('answers 409 when the keys are managed outside gatehouse', async () => {
    const gw = await testGateway(adminConfig());
    const response = await gw.app.request('/admin/keys/rotate', {
      method: 'POST',
      headers: { authorization: `Bearer ${OPS_KEY.key}` },
    });
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({
      type: 'urn:gatehouse:problem:keys-managed-outside',
    });
  });
});

async function revoke(gw: TestGateway, kid: string): Promise<Response> {
  return asAdmin(gw, 'DELETE', `/keys/${encodeURIComponent(kid)}`);
}

const callAccount = (gw: TestGateway, token: string) =>
  gw.app.request('/account/me', { headers: { authorization: `Bearer ${token}` } });

/** Two instances on one store, B reloading its keys on the store's change notices. */
async function listeningPair() {
  const store = createMemoryStore();
  const a = await adminGateway('', { store });
  const b = await adminGateway('', { store, clock: a.clock });
  const subscription = await store.keySets.watchKeySet(
    keyReloadListener(b.gw.deps.signingKeys!, silentLogger),
  );
  return { a, b, subscription };
}

describe('GET /admin/keys', () => {
  it('lists the served keys, active first, with when each was made and retired', async () => {
    const { gw, clock } = await adminGateway();
    const made = new Date(clock.now()).toISOString();
    const first = kidOf((await mint(gw)).access_token);
    clock.advance(1000);
    const { kid } = await rotate(gw);
    const rotatedAt = new Date(clock.now()).toISOString();

    const response = await asAdmin(gw, 'GET', '/keys');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      keys: [
        { kid, alg: 'ES256', active: true, createdAt: rotatedAt, retiredAt: null },
        { kid: first, alg: 'ES256', active: false, createdAt: made, retiredAt: rotatedAt },
      ],
    });
  });

  it('lists keys from outside gatehouse without dates, and no key material', async () => {
    const gw = await testGateway(adminConfig());
    const response = await gw.app.request('/admin/keys', {
      headers: { authorization: `Bearer ${OPS_KEY.key}` },
    });
    const body = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toEqual({
      kid: expect.any(String),
      alg: 'ES256',
      active: true,
      createdAt: null,
      retiredAt: null,
    });
  });
});

describe('DELETE /admin/keys/{kid}', () => {
  it('stops a retired key verifying at once, verified-token cache included; the others verify on', async () => {
    const { gw, logger } = await adminGateway();
    const leaked = await mint(gw);
    const old = kidOf(leaked.access_token);
    // Verified once, so the token sits in the verified-token cache.
    expect((await callApi(gw, leaked.access_token)).status).toBe(200);
    const { kid } = await rotate(gw);
    const fresh = await mint(gw);

    const response = await revoke(gw, old);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ revoked: old, kid, previous: [] });

    for (const call of [callApi, callAccount]) {
      const refused = await call(gw, leaked.access_token);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    }
    expect((await callApi(gw, fresh.access_token)).status).toBe(200);
    expect(await jwksKids(gw)).toEqual([kid]);
    expect(auditEvents(logger).at(-1)).toMatchObject({
      action: 'key.revoke',
      target: `key:${old}`,
      outcome: 'success',
      details: { active: kid },
    });
  });

  it('replaces the active key when it is the one revoked; retired keys keep verifying', async () => {
    const { gw } = await adminGateway();
    const first = await mint(gw);
    const { kid: second } = await rotate(gw);
    const secondToken = await mint(gw);

    const response = await revoke(gw, second);
    expect(response.status, await response.clone().text()).toBe(200);
    const { revoked, kid, previous } = (await response.json()) as {
      revoked: string;
      kid: string;
      previous: string[];
    };
    expect(revoked).toBe(second);
    expect([second, kidOf(first.access_token)]).not.toContain(kid);
    expect(previous).toEqual([kidOf(first.access_token)]);

    expect((await callApi(gw, secondToken.access_token)).status).toBe(401);
    expect((await callApi(gw, first.access_token)).status).toBe(200);
    const next = await mint(gw);
    expect(kidOf(next.access_token)).toBe(kid);
    expect((await callApi(gw, next.access_token)).status).toBe(200);
    expect(await jwksKids(gw)).toEqual([kid, kidOf(first.access_token)]);
  });

  it('answers 404 for a kid the set does not hold, and 400 for one that cannot be a kid', async () => {
    const { gw } = await adminGateway();
    const before = await jwksKids(gw);
    const unknown = await revoke(gw, 'no-such-kid');
    expect(unknown.status).toBe(404);
    expect(await problemOf(unknown)).toMatchObject({
      type: 'urn:gatehouse:problem:signing-key-not-found',
    });
    const bad = await revoke(gw, 'a b');
    expect(bad.status).toBe(400);
    expect(await problemOf(bad)).toMatchObject({ detail: expect.stringMatching(/^kid: /) });
    expect(await jwksKids(gw)).toEqual(before);
  });

  it('answers 409 when the keys are managed outside gatehouse', async () => {
    const gw = await testGateway(adminConfig());
    const response = await gw.app.request('/admin/keys/any', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${OPS_KEY.key}` },
    });
    expect(response.status).toBe(409);
  });

  it('is heard by a second instance on keysChanged: it refuses the key’s tokens too', async () => {
    const { a, b, subscription } = await listeningPair();
    try {
      const leaked = await mint(b.gw);
      expect((await callApi(b.gw, leaked.access_token)).status).toBe(200);
      const response = await revoke(a.gw, kidOf(leaked.access_token));
      expect(response.status).toBe(200);
      await expect.poll(async () => (await callApi(b.gw, leaked.access_token)).status).toBe(401);
      const { kid } = (await response.json()) as { kid: string };
      expect(kidOf((await mint(b.gw)).access_token)).toBe(kid);
    } finally {
      await subscription.close();
    }
  });
});

describe('rotation seen by a second instance on the same store', () => {
  it('verifies a token of the new key at once (unknown kid: reload) and then signs with it', async () => {
    const store = createMemoryStore();
    const a = await adminGateway('', { store });
    const b = await adminGateway('', { store, clock: a.clock });
    const { kid } = await rotate(a.gw);
    expect(await jwksKids(b.gw)).not.toContain(kid);
    const fromA = await mint(a.gw);
    expect((await callApi(b.gw, fromA.access_token)).status).toBe(200);
    expect(await jwksKids(b.gw)).toContain(kid);
    expect(kidOf((await mint(b.gw)).access_token)).toBe(kid);
  });

  it('switches on keysChanged, before any token of the new key arrives', async () => {
    const { a, b, subscription } = await listeningPair();
    try {
      const { kid, previous } = await rotate(a.gw);
      await expect.poll(() => jwksKids(b.gw)).toEqual([kid, ...previous]);
      expect(kidOf((await mint(b.gw)).access_token)).toBe(kid);
    } finally {
      await subscription.close();
    }
  });
});
