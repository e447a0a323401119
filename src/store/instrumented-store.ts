import type { Metrics } from '../observability/metrics.js';
import type { Store } from './store.js';

type Contract = { [method: string]: (...args: never[]) => Promise<unknown> };

/** Wraps every method of one contract so each call is timed and each rejection counted. */
function timedContract<T extends object>(contract: T, metrics: Metrics): T {
  const timed: Record<string, unknown> = {};
  for (const [operation, method] of Object.entries(contract as Contract)) {
    timed[operation] = async (...args: never[]) => {
      const started = performance.now();
      try {
        const result = await method(...args);
        metrics.storeOperation(operation, (performance.now() - started) / 1000, false);
        return result;
      } catch (error) {
        metrics.storeOperation(operation, (performance.now() - started) / 1000, true);
        throw error;
      }
    };
  }
  return timed as T;
}

/**
 * Wraps `store` so every call of every contract is timed and every rejection counted, labelled
 * with the method name (method names are unique across the contracts; `close` is not timed).
 * Durations come from `performance.now()`: monotonic and sub-millisecond, unlike the injected
 * clock, which is for timestamps.
 */
export function instrumentStore(store: Store, metrics: Metrics): Store {
  const { ping } = timedContract({ ping: () => store.ping() }, metrics);
  return {
    sessions: timedContract(store.sessions, metrics),
    revocationLog: timedContract(store.revocationLog, metrics),
    keySets: timedContract(store.keySets, metrics),
    rateLimiter: timedContract(store.rateLimiter, metrics),
    ping,
    close: () => store.close(),
  };
}
