import type { Store } from '../../src/store/store.js';

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * A Store whose every method, in every contract (and `ping`), is replaced by `wrap(name, call)`,
 * where `call` runs the original; `close` is passed through. For tests that make calls fail,
 * count them or hold them.
 */
export function wrapStore(base: Store, wrap: (name: string, call: Method) => Method): Store {
  const contract = <T extends object>(methods: T): T =>
    Object.fromEntries(
      Object.entries(methods).map(([name, method]) => [
        name,
        wrap(name, (...args) => (method as Method).apply(methods, args)),
      ]),
    ) as T;
  return {
    sessions: contract(base.sessions),
    revocationLog: contract(base.revocationLog),
    keySets: contract(base.keySets),
    rateLimiter: contract(base.rateLimiter),
    ping: wrap('ping', () => base.ping()) as Store['ping'],
    close: () => base.close(),
  };
}
