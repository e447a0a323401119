import type { KeySetStore } from './key-set-store.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RevocationLog } from './revocation-log.js';
import type { SessionStore } from './session-store.js';

/**
 * One storage backend (memory, Redis standalone, Cluster or Sentinel): the narrow contracts it
 * implements over one connection, each with its own section of the contract suite
 * (test/contract/). A new capability adds a contract here rather than widening one of them.
 */
export interface Store {
  sessions: SessionStore;
  revocationLog: RevocationLog;
  keySets: KeySetStore;
  rateLimiter: RateLimiter;
  /** Resolves when the backend answers; rejects when it cannot be reached (/readyz). */
  ping(): Promise<void>;
  /** Closes the connection the contracts share; no contract may be used afterwards. */
  close(): Promise<void>;
}
