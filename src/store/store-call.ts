import { storeUnavailable } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';

/**
 * Runs a store call, turning its rejection into a 503 store-unavailable (README "Errors"): a store
 * that cannot answer never reads as "no session", so nothing is cleared or revoked on its account.
 */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof GatewayError ? error : storeUnavailable(error);
  }
}
