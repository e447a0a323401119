import type { Clock } from '../lib/clock.js';
import { logSafeError } from '../observability/log-safe-error.js';
import type { Logger } from '../observability/logger.js';

/** Logs store outages seen by `onStoreDown: open` routes once per outage, not once per request. */
export interface StoreOutageLog {
  /** A read failed and the request went on without the store. */
  failed(cause: unknown): void;
  /** A read succeeded: ends the outage, if one was on. */
  answered(): void;
}

/** While an outage lasts, the warning is repeated at most this often. */
const REPEAT_MS = 60_000;

/** Builds the outage log of one gateway; its state lives here, not in a module singleton. */
export function createStoreOutageLog(logger: Logger, clock: Clock): StoreOutageLog {
  let down = false;
  let warnedAt = -Infinity;
  let allowed = 0;
  return {
    failed(cause) {
      allowed += 1;
      const now = clock.now();
      if (down && now - warnedAt < REPEAT_MS) return;
      logger.warn(
        { component: 'policy', cause: logSafeError(cause), allowedWithoutStore: allowed },
        'session store unreachable: onStoreDown open routes allow on the token alone',
      );
      down = true;
      warnedAt = now;
    },
    answered() {
      if (!down) return;
      logger.info(
        { component: 'policy', allowedWithoutStore: allowed },
        'session store reachable again',
      );
      down = false;
      allowed = 0;
    },
  };
}
