import { GatewayError } from '../errors/gateway-error.js';
import { identitySourceUnavailable } from '../errors/errors.js';
import type { AuthenticatedIdentity, IdentitySource } from './identity-source.js';

/**
 * Asks each source in order; the first identity wins, null when every source rejects. A failing
 * source ends the attempt with 503 instead of falling through, so a user never lands on a later
 * source's account because an earlier one is down.
 */
export async function authenticate(
  sources: readonly IdentitySource[],
  username: string,
  password: string,
): Promise<AuthenticatedIdentity | null> {
  for (const source of sources) {
    let identity: AuthenticatedIdentity | null;
    try {
      identity = await source.authenticate(username, password);
    } catch (error) {
      throw error instanceof GatewayError ? error : identitySourceUnavailable(error);
    }
    if (identity) return identity;
  }
  return null;
}
