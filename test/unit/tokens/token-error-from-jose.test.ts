import { errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { invalidToken } from '../../../src/errors/errors.js';
import { tokenErrorFromJose } from '../../../src/tokens/token-error-from-jose.js';

const payload = { sub: 'secret-subject', sid: 'secret-session' };
const claimFailed = (claim: string, reason = 'check_failed') =>
  new errors.JWTClaimValidationFailed(
    `unexpected "${claim}" claim value eyJsecret`,
    payload,
    claim,
    reason,
  );

describe('tokenErrorFromJose', () => {
  it.each([
    [
      'expired',
      new errors.JWTExpired('"exp" eyJsecret', payload, 'exp', 'check_failed'),
      'token expired',
    ],
    ['nbf', claimFailed('nbf'), 'token not yet valid'],
    ['iss', claimFailed('iss'), 'wrong issuer'],
    ['aud', claimFailed('aud'), 'wrong audience'],
    ['typ', claimFailed('typ'), 'wrong token type'],
    ['missing claim', claimFailed('sid', 'missing'), 'missing or invalid claims'],
    ['invalid claim', claimFailed('exp', 'invalid'), 'missing or invalid claims'],
    ['claim "constructor"', claimFailed('constructor'), 'missing or invalid claims'],
    ['signature', new errors.JWSSignatureVerificationFailed('eyJsecret'), 'bad signature'],
    ['alg', new errors.JOSEAlgNotAllowed('eyJsecret'), 'algorithm not allowed'],
    ['JWS', new errors.JWSInvalid('eyJsecret'), 'malformed token'],
    ['JWT', new errors.JWTInvalid('eyJsecret'), 'malformed token'],
    ['crit', new errors.JOSENotSupported('Extension "eyJsecret"'), 'unsupported critical header'],
    ['other jose error', new errors.JWKInvalid('eyJsecret'), 'malformed token'],
    ['TypeError', new TypeError('eyJsecret'), 'malformed token'],
    ['non-Error', 'eyJsecret', 'malformed token'],
  ])('maps %s to a 401 with fixed wording', (_name, error, detail) => {
    const mapped = tokenErrorFromJose(error);
    expect(mapped).toBeInstanceOf(GatewayError);
    expect(mapped).toMatchObject({ status: 401, code: 'invalid-token', detail, message: detail });
    expect(mapped.challenge).toEqual({ error: 'invalid_token' });
  });

  it("keeps only jose's stable identifiers as the cause, never the claims or message", () => {
    const mapped = tokenErrorFromJose(claimFailed('iss'));
    expect(mapped.cause).toEqual({
      code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim: 'iss',
      reason: 'check_failed',
    });
    expect(JSON.stringify(mapped.cause)).not.toContain('secret');
  });

  it('passes a GatewayError through', () => {
    const original = invalidToken('unknown signing key');
    expect(tokenErrorFromJose(original)).toBe(original);
  });
});
