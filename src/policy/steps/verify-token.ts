import { invalidToken, missingToken } from '../../errors/errors.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { AccessTokenClaims } from '../../tokens/access-token-claims.js';
import type { AccessTokenVerifier } from '../../tokens/verify-access-token.js';
import type { Identity } from '../identity.js';
import type { PolicyStep, StepDenial } from './policy-step.js';

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Verifies the bearer token of the Authorization header (never the query or body, RFC 6750 §2)
 * and sets the identity.
 */
export function verifyToken(verifier: AccessTokenVerifier): PolicyStep {
  return async (context) => {
    const token = bearerToken(context.input.authorization);
    if (typeof token !== 'string') return token;
    let claims: AccessTokenClaims;
    try {
      claims = await verifier.verify(token);
    } catch (error) {
      if (error instanceof GatewayError) return { error, reason: 'invalid-token' };
      throw error;
    }
    context.identity = toIdentity(claims);
    return undefined;
  };
}

/** The token, or a denial when there is none or it is malformed. */
function bearerToken(authorization: string | undefined): string | StepDenial {
  const header = authorization?.trim() ?? '';
  const space = header.indexOf(' ');
  // RFC 7235 §2.1: the auth-scheme is case-insensitive. Another scheme means no bearer credentials.
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') {
    return header.toLowerCase() === 'bearer'
      ? { error: invalidToken('malformed bearer token'), reason: 'invalid-token' }
      : { error: missingToken(), reason: 'missing-token' };
  }
  const token = header.slice(space + 1).trimStart();
  if (!B64TOKEN.test(token))
    return { error: invalidToken('malformed bearer token'), reason: 'invalid-token' };
  return token;
}

function toIdentity(claims: AccessTokenClaims): Identity {
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  return { sub: claims.sub, sid: claims.sid, scope, jti: claims.jti, exp: claims.exp, claims };
}
