import { beforeEach, describe, expect, it } from 'vitest';
import { compileRoutes } from '../../../src/policy/routes/compile-routes.js';
import type { Decision } from '../../../src/policy/decision.js';
import { createRequestEvaluator } from '../../../src/policy/evaluate-request.js';
import { testConfig } from '../../helpers/test-gateway.js';
import { claimsFor, fakeVerifier, policyServices } from './route-fixtures.js';

const evaluator = createRequestEvaluator(
  compileRoutes(
    testConfig(`
routes:
  - { name: open, match: { path: /public/* }, upstream: http://u, policy: public }
  - { name: api, match: { path: /api/* }, upstream: http://u, policy: token }
  - { name: admin, match: { path: /admin/* }, upstream: http://u, policy: token, scopes: [admin, write] }
`),
    policyServices(),
  ),
);

const evaluate = (target: string, authorization?: string, method = 'GET') =>
  evaluator.evaluate({ method, target, authorization });

function denied(decision: Decision) {
  if (decision.allow) throw new Error('expected a denial');
  return decision;
}

beforeEach(() => {
  fakeVerifier.seen.length = 0;
});

describe('createRequestEvaluator', () => {
  it('allows public routes without credentials, with the normalised path and query', async () => {
    const decision = await evaluate('/public/./a//b?x=1');
    expect(decision).toMatchObject({
      allow: true,
      identity: null,
      path: '/public/a/b',
      search: '?x=1',
    });
    expect(decision.route?.name).toBe('open');
  });

  it('allows a token route with a valid bearer token and exposes the identity', async () => {
    const decision = await evaluate('/api/x', 'Bearer good');
    expect(decision).toMatchObject({
      allow: true,
      identity: {
        sub: 'alice',
        sid: 'sid-1',
        scope: ['read'],
        jti: 'jti-1',
        exp: 2,
        claims: claimsFor('read'),
      },
    });
  });

  it.each(['bearer good', 'BEARER good', 'BeArEr   good', '  Bearer good  '])(
    'matches the Bearer scheme case-insensitively (RFC 7235 §2.1): %s',
    async (header) => {
      expect((await evaluate('/api/x', header)).allow).toBe(true);
    },
  );

  it.each([
    ['no Authorization header', undefined],
    ['an empty Authorization header', ''],
    ['another scheme', 'Basic YWxpY2U6cHc='],
    ['a scheme that only starts with bearer', 'Bearerish good'],
  ])('denies %s as a missing token (RFC 6750 §3.1)', async (_title, header) => {
    const decision = denied(await evaluate('/api/x', header));
    expect(decision).toMatchObject({
      reason: 'missing-token',
      error: { status: 401, code: 'missing-token' },
    });
    expect(decision.route?.name).toBe('api');
    expect(fakeVerifier.seen).toEqual([]);
  });

  it.each([
    ['a bare scheme', 'Bearer'],
    ['a token with spaces', 'Bearer good token'],
    ['a token with characters outside b64token', 'Bearer go"od'],
    ['two tokens joined', 'Bearer good, Bearer good'],
  ])('denies %s as an invalid token without calling the verifier', async (_title, header) => {
    const decision = denied(await evaluate('/api/x', header));
    expect(decision).toMatchObject({
      reason: 'invalid-token',
      error: { status: 401, code: 'invalid-token' },
    });
    expect(fakeVerifier.seen).toEqual([]);
  });

  it('denies a token the verifier rejects, with the verifier’s error', async () => {
    const decision = denied(await evaluate('/api/x', 'Bearer forged'));
    expect(decision).toMatchObject({
      reason: 'invalid-token',
      error: { status: 401, detail: 'token signature is invalid' },
    });
  });

  it('never takes the token from the query string (RFC 6750 §2.3 is not supported)', async () => {
    const decision = denied(await evaluate('/api/x?access_token=good'));
    expect(decision.reason).toBe('missing-token');
    expect(fakeVerifier.seen).toEqual([]);
  });

  it('requires every route scope (403 insufficient_scope)', async () => {
    const decision = denied(await evaluate('/admin/x', 'Bearer good-admin'));
    expect(decision).toMatchObject({
      reason: 'insufficient-scope',
      error: { status: 403, challenge: { error: 'insufficient_scope', scope: 'admin write' } },
    });
    expect((await evaluate('/admin/x', 'Bearer good-write+admin+other')).allow).toBe(true);
  });

  it('denies unmatched requests with 404 and no route', async () => {
    expect(denied(await evaluate('/nowhere'))).toMatchObject({
      route: null,
      reason: 'no-route',
      error: { status: 404 },
    });
  });

  it('denies unnormalisable paths with 400 before matching', async () => {
    expect(denied(await evaluate('/public/..%2fapi/x'))).toMatchObject({
      route: null,
      reason: 'bad-path',
      error: { status: 400, field: 'path' },
    });
  });

  it.each([
    '/public/../api/x',
    '/public/%2e%2e/api/x',
    '/public/%2E%2E/api/x',
    '//api/x',
    '/public/./../api/x',
  ])('evaluates traversal %s against the protected route it resolves to', async (target) => {
    const decision = denied(await evaluate(target));
    expect(decision.route?.name).toBe('api');
    expect(decision.reason).toBe('missing-token');
  });
});
