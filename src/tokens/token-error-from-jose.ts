import { errors } from 'jose';
import { invalidToken } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { TokenVerificationResult } from '../observability/metrics.js';

type Refusal = [detail: string, reason: TokenVerificationResult];

// Fixed wording (and metric label) per jose error `code`; jose's own messages are never copied
// (they may quote header values or claims).
const BY_CODE = new Map<string, Refusal>([
  ['ERR_JWT_EXPIRED', ['token expired', 'expired']],
  ['ERR_JWS_SIGNATURE_VERIFICATION_FAILED', ['bad signature', 'bad_signature']],
  ['ERR_JOSE_ALG_NOT_ALLOWED', ['algorithm not allowed', 'algorithm_not_allowed']],
  ['ERR_JWS_INVALID', ['malformed token', 'malformed']],
  ['ERR_JWT_INVALID', ['malformed token', 'malformed']],
  // With `algorithms` pinned, jose reports not-supported only for an unrecognised `crit`
  // extension (RFC 7515 §4.1.11).
  ['ERR_JOSE_NOT_SUPPORTED', ['unsupported critical header', 'malformed']],
]);

const BY_CLAIM = new Map<string, Refusal>([
  ['nbf', ['token not yet valid', 'not_yet_valid']],
  ['iss', ['wrong issuer', 'invalid_claims']],
  ['aud', ['wrong audience', 'invalid_claims']],
  ['typ', ['wrong token type', 'invalid_claims']],
]);

/**
 * Maps anything thrown while verifying a token to a 401 GatewayError with fixed wording, its
 * `reason` the verification result for metrics.
 */
export function tokenErrorFromJose(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (!(error instanceof errors.JOSEError)) {
    // Not jose (a TypeError from a key that does not fit, a bug): still a 401 with fixed
    // wording, never a 500 whose message might echo the token.
    return invalidToken('malformed token', error, 'malformed');
  }
  const { code } = error;
  const { claim, reason } = error as { claim?: unknown; reason?: unknown };
  // The cause keeps jose's stable identifiers only: its errors also carry the claims payload.
  const cause = { code, claim, reason };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const refusal =
      reason === 'check_failed' && typeof claim === 'string' ? BY_CLAIM.get(claim) : undefined;
    const [detail, result] = refusal ?? ['missing or invalid claims', 'invalid_claims'];
    return invalidToken(detail, cause, result);
  }
  const [detail, result] = BY_CODE.get(code) ?? ['malformed token', 'malformed'];
  return invalidToken(detail, cause, result);
}
