import { wrapStore } from '../../helpers/wrap-store.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import type { Store } from '../../../src/store/store.js';
import { createKeyring } from '../../../src/keys/keyring.js';
import { createAccessTokenSigner } from '../../../src/tokens/sign-access-token.js';
import { createAccessTokenVerifier } from '../../../src/tokens/verify-access-token.js';
import { createSession } from '../../../src/sessions/create-session.js';
import { fakeClock } from '../../helpers/fake-clock.js';
import { testSigningKey } from '../../helpers/test-gateway.js';
import { webSecretCrypto } from '../../../src/lib/secret-crypto.js';

export const MINUTE = 60_000;
export const GRACE_MS = 10_000;
export const IDLE_MS = 30 * MINUTE;

/** A store whose calls can be made to fail, recording which methods (of any contract) were called. */
export function observedStore(inner: Store = createMemoryStore()) {
  const calls: string[] = [];
  const failing = new Set<string>();
  const store = wrapStore(inner, (name, call) => (...args) => {
    calls.push(name);
    if (failing.has(name)) return Promise.reject(new Error('ECONNREFUSED'));
    return call(...args);
  });
  return { store, calls, failing };
}

/** What refreshSession and endSession need, with a memory store and a fake clock. */
export async function sessionDeps(store: Store = createMemoryStore()) {
  const clock = fakeClock(Date.UTC(2026, 0, 1));
  const keyring = await createKeyring([await testSigningKey()], 'ES256');
  const tokens = { keyring, issuer: 'http://localhost:8080', audience: 'gatehouse', clock };
  return {
    store,
    sessions: store.sessions,
    revocationLog: store.revocationLog,
    clock,
    secrets: webSecretCrypto,
    signer: createAccessTokenSigner({ ...tokens, accessTtlMs: 5 * MINUTE }),
    verifier: createAccessTokenVerifier({
      ...tokens,
      algorithms: ['ES256'],
      clockToleranceMs: 0,
      cacheSize: 0,
    }),
    config: {
      sessions: {
        idleTtl: IDLE_MS,
        absoluteTtl: 60 * MINUTE,
        refreshReuseGrace: GRACE_MS,
        contextMaxBytes: 1024,
        contextEncryption: { keys: [] },
      },
      identity: { defaultScope: [] },
      tokens: { accessTtl: 5 * MINUTE, clockTolerance: 5_000 },
    },
  };
}

/** Starts a session for `user-1` and returns it with its first refresh token. */
export function startSession(deps: Awaited<ReturnType<typeof sessionDeps>>) {
  return createSession(deps, {
    sub: 'user-1',
    scope: ['read', 'write'],
    claims: { tenant: 'acme' },
  });
}
