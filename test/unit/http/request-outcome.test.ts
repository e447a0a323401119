import { describe, expect, it } from 'vitest';
import * as errors from '../../../src/errors/errors.js';
import { ERROR_CODES, GatewayError } from '../../../src/errors/gateway-error.js';
import { requestOutcome } from '../../../src/http/request-outcome.js';

const answer = (error: unknown, status = 200, extra: object = {}) =>
  requestOutcome({ error, denyReason: undefined, status, fromUpstream: false, ...extra });

describe('requestOutcome', () => {
  it.each([
    [errors.invalidToken('token expired'), 'unauthenticated'],
    [errors.missingToken(), 'unauthenticated'],
    [errors.invalidCredentials(), 'unauthenticated'],
    [errors.invalidRefreshToken(), 'unauthenticated'],
    [errors.insufficientScope(['admin']), 'forbidden'],
    [errors.originNotAllowed(), 'forbidden'],
    [errors.forwardAuthRefused('no route'), 'forbidden'],
    [errors.tooManyRequests(1), 'rate_limited'],
    [errors.badRequest('username', 'required'), 'bad_request'],
    [errors.payloadTooLarge(10), 'bad_request'],
    [errors.methodNotAllowed(['GET']), 'bad_request'],
    [errors.notFound(), 'not_found'],
    [errors.preconditionFailed('"1"'), 'conflict'],
    [errors.contextConflict(), 'conflict'],
    [errors.badGateway(), 'upstream_error'],
    [errors.gatewayTimeout(), 'upstream_error'],
    [errors.storeUnavailable(), 'store_unavailable'],
    [errors.revocationStale(), 'unavailable'],
    [errors.notReady('draining'), 'unavailable'],
    [errors.contextUnreadable(), 'error'],
    [errors.signingKeyNotFound(), 'not_found'],
    [errors.pageNotBuilt('admin console'), 'unavailable'],
    [new TypeError('a bug'), 'error'],
  ])('maps %s to %s', (error, outcome) => {
    expect(answer(error)).toBe(outcome);
  });

  it('gives every error code an outcome', () => {
    const outcomes = [
      'unauthenticated',
      'forbidden',
      'rate_limited',
      'bad_request',
      'not_found',
      'conflict',
      'upstream_error',
      'store_unavailable',
      'unavailable',
      'error',
    ];
    const missing = ERROR_CODES.filter(
      (code) => !outcomes.includes(answer(new GatewayError({ code, status: 500, title: code }))),
    );
    expect(missing).toEqual([]);
  });

  it('calls a denial for a revoked session, token or user `revoked`', () => {
    for (const denyReason of ['session-revoked', 'token-revoked', 'user-revoked'] as const) {
      expect(answer(errors.invalidToken('session revoked'), 401, { denyReason })).toBe('revoked');
    }
    expect(answer(errors.invalidToken('bad'), 401, { denyReason: 'invalid-token' })).toBe(
      'unauthenticated',
    );
  });

  it('reads the status of answers without an error; a relayed upstream answer is ok', () => {
    expect(answer(undefined, 204)).toBe('ok');
    expect(answer(undefined, 503)).toBe('unavailable');
    expect(answer(undefined, 404)).toBe('not_found');
    expect(answer(undefined, 500, { fromUpstream: true })).toBe('ok');
  });
});
