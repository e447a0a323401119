import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import { keyReloadListener } from '../../../../src/tokens/key-reload-listener.js';
import { silentLogger } from '../../../../src/observability/logger.js';
import { testGateway } from '../../../helpers/test-gateway.js';
import { problemOf } from '../session/session-fixtures.js';
import { adminConfig, adminGateway, asAdmin, kidOf, mint, OPS_KEY } from './admin-fixtures.js';
import type { TestGateway } from '../../../helpers/test-gateway.js';

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

  it('drops a retired key from the JWKS at the first rotation after its window', async () => {
    const { gw, clock } = await adminGateway();
    const first = kidOf((await mint(gw)).access_token);
    const second = (await rotate(gw)).kid;
    const { accessTtl, clockTolerance } = gw.deps.config.tokens;
    clock.advance(accessTtl + clockTolerance + 60_000 - 1);
    const third = (await rotate(gw)).kid;
    expect(await jwksKids(gw)).toEqual([third, second, first]);
    clock.advance(1);
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
    const store = createMemoryStore();
    const a = await adminGateway('', { store });
    const b = await adminGateway('', { store, clock: a.clock });
    const subscription = await store.subscribe(
      keyReloadListener(b.gw.deps.signingKeys!, silentLogger),
    );
    try {
      const { kid, previous } = await rotate(a.gw);
      await expect.poll(() => jwksKids(b.gw)).toEqual([kid, ...previous]);
      expect(kidOf((await mint(b.gw)).access_token)).toBe(kid);
    } finally {
      await subscription.close();
    }
  });
});
