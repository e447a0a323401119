import { errors } from 'jose';
import { invalidToken } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';

// Fixed wording per jose error `code`; jose's own messages are never copied (they may quote
// header values or claims).
const BY_CODE = new Map([
  ['ERR_JWT_EXPIRED', 'token expired'],
  ['ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'bad signature'],
  ['ERR_JOSE_ALG_NOT_ALLOWED', 'algorithm not allowed'],
  ['ERR_JWS_INVALID', 'malformed token'],
  ['ERR_JWT_INVALID', 'malformed token'],
  // With `algorithms` pinned, jose reports not-supported only for an unrecognised `crit`
  // extension (RFC 7515 §4.1.11).
  ['ERR_JOSE_NOT_SUPPORTED', 'unsupported critical header'],
]);

const BY_CLAIM = new Map([
  ['iss', 'wrong issuer'],
  ['aud', 'wrong audience'],
  ['typ', 'wrong token type'],
]);

/** Maps anything thrown while verifying a token to a 401 GatewayError with fixed wording. */
export function tokenErrorFromJose(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (!(error instanceof errors.JOSEError)) {
    // Not jose (a TypeError from a key that does not fit, a bug): still a 401 with fixed
    // wording, never a 500 whose message might echo the token.
    return invalidToken('malformed token', error);
  }
  const { code } = error;
  const { claim, reason } = error as { claim?: unknown; reason?: unknown };
  // The cause keeps jose's stable identifiers only: its errors also carry the claims payload.
  const cause = { code, claim, reason };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (reason === 'check_failed' && typeof claim === 'string') {
      if (claim === 'nbf') return invalidToken('token not yet valid', cause);
      const detail = BY_CLAIM.get(claim);
      if (detail) return invalidToken(detail, cause);
    }
    return invalidToken('missing or invalid claims', cause);
  }
  return invalidToken(BY_CODE.get(code) ?? 'malformed token', cause);
}
