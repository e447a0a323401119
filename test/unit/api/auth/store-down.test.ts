import { wrapStore } from '../../../helpers/wrap-store.js';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import type { Store } from '../../../../src/store/store.js';
import { postLogin } from './login-fixtures.js';
import { loginAlice, postAuth, refreshWithCookie, spaGateway } from './refresh-fixtures.js';

const OK = { username: 'alice', password: 'pw-alice' };

/** A memory store whose listed methods (all when `down` holds '*') reject while down. */
function switchableStore() {
  const inner = createMemoryStore();
  const down = new Set<string>();
  const store = wrapStore(
    inner,
    (name, call) =>
      (...args) =>
        down.has('*') || down.has(name)
          ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'))
          : call(...args),
  );
  return { store, down };
}

async function expectStoreUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  expect(response.headers.get('set-cookie')).toBeNull();
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await response.text();
  expect(JSON.parse(body)).toMatchObject({ type: 'urn:gatehouse:problem:store-unavailable' });
  expect(body).not.toContain('ECONNREFUSED');
}

describe('auth routes while the store is unavailable', () => {
  it.each(['*', 'hitRateLimit', 'createSession'])(
    'answers login with 503 + Retry-After and no cookie when %s fails',
    async (method) => {
      const { store, down } = switchableStore();
      const gateway = await spaGateway('', { store });
      down.add(method);
      await expectStoreUnavailable(await postLogin(gateway, OK));
      down.clear();
      expect((await postLogin(gateway, OK)).status).toBe(200);
    },
  );

  it.each(['*', 'getSession', 'rotateRefresh'])(
    'answers refresh with 503 + Retry-After, keeping cookie and session, when %s fails',
    async (method) => {
      const { store, down } = switchableStore();
      const gateway = await spaGateway('', { store });
      const { refreshToken } = await loginAlice(gateway);
      down.add(method);
      await expectStoreUnavailable(await postAuth(gateway, 'refresh', { cookie: refreshToken }));
      down.clear();
      // Back up: the very same token rotates, no restart and no new login needed.
      expect((await refreshWithCookie(gateway, refreshToken)).status).toBe(200);
    },
  );
});
