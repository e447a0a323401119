import { invalidToken } from '../../../src/errors/errors.js';
import type { AccessTokenClaims } from '../../../src/tokens/access-token-claims.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { PolicyServices } from '../../../src/policy/compile-policy.js';
import { createContextCodec } from '../../../src/context/context-codec.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import type { AccessTokenVerifier } from '../../../src/tokens/verify-access-token.js';
import { fakeClock } from '../../helpers/fake-clock.js';

/** Claims the fake verifier returns for the token "good-<scope>" (scope separated by "+"). */
export function claimsFor(scope: string): AccessTokenClaims {
  return {
    iss: 'http://localhost:8080',
    aud: 'gatehouse',
    sub: 'alice',
    sid: 'sid-1',
    jti: 'jti-1',
    iat: 1,
    nbf: 1,
    exp: 2,
    scope,
  };
}

/** Accepts `good` and `good-<scopes joined by +>`; anything else is an invalid token. */
export const fakeVerifier: AccessTokenVerifier & { seen: string[] } = {
  seen: [],
  async verify(token) {
    fakeVerifier.seen.push(token);
    if (token === 'good') return claimsFor('read');
    if (token.startsWith('good-')) return claimsFor(token.slice(5).split('+').join(' '));
    throw invalidToken('token signature is invalid');
  },
};

/**
 * Policy services around the fake verifier: a memory store (or the given one), a fixed clock, a
 * silent logger, a plain-text context codec and a revocation mirror that is in sync and empty.
 */
export function policyServices(
  overrides: Partial<PolicyServices> = {},
  store = createMemoryStore(),
): PolicyServices {
  return {
    verifier: fakeVerifier,
    sessions: store.sessions,
    revocationLog: store.revocationLog,
    clock: fakeClock(),
    logger: silentLogger,
    contextCodec: createContextCodec([]),
    revocationMirror: { check: () => null, status: () => 'ok' },
    ...overrides,
  };
}
