import { insufficientScope, invalidToken } from '../../errors/errors.js';
import type { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayServices } from '../../gateway-services.js';
import { bearerToken } from '../../lib/bearer-token.js';
import { constantTimeEqual, sha256Hex } from '../../lib/crypto.js';
import {
  createSessionAuthenticator,
  type SessionAuthenticatorServices,
} from '../../policy/authenticate-session.js';

// `gha_` + 32 random bytes in base64url (256 bits); the prefix tells keys from JWTs ("eyJ...")
// and lets secret scanners find leaked keys.
const API_KEY = /^gha_[A-Za-z0-9_-]{43}$/;
const ANONYMOUS = 'anonymous';

type AdminKeys = GatewayServices['config']['admin']['keys'];

/** Who is calling (`key:<name>`, `sub:<sub>` or `anonymous`), and why they may not, if not. */
export interface AdminCaller {
  actor: string;
  error?: GatewayError;
}

/** What the identifier looks at. */
export interface AdminRequest {
  method: string;
  target: string;
  authorization: string | undefined;
}

/** The name of the configured key whose SHA-256 is `hash`, comparing every one (no early exit). */
function matchKey(keys: AdminKeys, hash: string): string | undefined {
  let name: string | undefined;
  for (const key of keys) {
    // The loop always runs to the end and each comparison is constant-time, so the time taken
    // says nothing about which configured hash (if any) matched, nor how much of it.
    const equal = constantTimeEqual(key.sha256, hash);
    name = equal && name === undefined ? key.name : name;
  }
  return name;
}

/**
 * Identifies admin API callers (README "Admin API"): `Bearer gha_...` must be a configured admin
 * API key (the config holds only its SHA-256); any other bearer value must be an access token of a
 * live session (the session API's check) carrying `admin.scope`. Errors: 401 for missing or bad
 * credentials, 403 for a valid token without the scope, 503 when the store cannot say whether it is
 * live.
 */
export function createAdminIdentifier(
  services: SessionAuthenticatorServices & Pick<GatewayServices, 'config'>,
): (request: AdminRequest) => Promise<AdminCaller> {
  const { admin } = services.config;
  const sessions = createSessionAuthenticator(services);
  return async (request) => {
    const key = bearerToken(request.authorization);
    if (key?.startsWith('gha_')) {
      const name = API_KEY.test(key) ? matchKey(admin.keys, await sha256Hex(key)) : undefined;
      if (name === undefined) {
        return { actor: ANONYMOUS, error: invalidToken('unknown admin API key') };
      }
      return { actor: `key:${name}` };
    }
    const outcome = await sessions.authenticate(request, false);
    if (!outcome.ok) return { actor: ANONYMOUS, error: outcome.denial.error };
    const { sub, scope } = outcome.caller.identity;
    const actor = `sub:${sub}`;
    if (!scope.includes(admin.scope)) return { actor, error: insufficientScope([admin.scope]) };
    return { actor };
  };
}
