import { invalidToken, missingToken } from '../../errors/errors.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { readBearer } from '../../lib/bearer-token.js';
import type { AccessTokenClaims } from '../../tokens/access-token-claims.js';
import type { AccessTokenVerifier } from '../../tokens/verify-access-token.js';
import type { Identity } from '../identity.js';
import type { PolicyStep, StepDenial } from './policy-step.js';

/**
 * Verifies the bearer token of the Authorization header (never the query or body, RFC 6750 §2)
 * and sets the identity.
 */
export function verifyToken(verifier: AccessTokenVerifier): PolicyStep {
  return async (context) => {
    const token = tokenOrDenial(context.input.authorization);
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

/** The token, or a denial: 401 missing without Bearer credentials, invalid when malformed. */
function tokenOrDenial(authorization: string | undefined): string | StepDenial {
  const credentials = readBearer(authorization);
  if (credentials.kind === 'token') return credentials.token;
  return credentials.kind === 'malformed'
    ? { error: invalidToken('malformed bearer token'), reason: 'invalid-token' }
    : { error: missingToken(), reason: 'missing-token' };
}

function toIdentity(claims: AccessTokenClaims): Identity {
  const scope = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  return { sub: claims.sub, sid: claims.sid, scope, jti: claims.jti, exp: claims.exp, claims };
}
