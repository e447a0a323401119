import { logSafeError } from '../observability/log-safe-error.js';
import type { Logger } from '../observability/logger.js';
import type { KeySetListener } from '../store/key-set-store.js';
import type { SigningKeys } from './signing-keys.js';

/**
 * A key-set watcher that reloads the signing keys when another instance changed them
 * (`keysChanged`) and after every (re)connect, since a change may have gone unheard while the
 * subscription was down.
 */
export function keyReloadListener(keys: SigningKeys, logger: Logger): KeySetListener {
  const reload = () => {
    keys.reload().catch((error: unknown) => {
      // The unknown-kid reload and the next change notice retry; nothing else to do here.
      logger.warn({ err: logSafeError(error) }, 'signing key reload failed');
    });
  };
  return { connected: reload, keysChanged: reload };
}
