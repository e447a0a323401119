import type { Metrics } from '../observability/metrics.js';
import type { SessionStore } from './session-store.js';

/**
 * Wraps `store` so every call is timed and every rejection counted, labelled with the method name
 * (`close` excepted). Durations come from `performance.now()`: monotonic and sub-millisecond,
 * unlike the injected clock, which is for timestamps.
 */
export function instrumentStore(store: SessionStore, metrics: Metrics): SessionStore {
  const timed = async <T>(operation: keyof SessionStore, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await call();
      metrics.storeOperation(operation, (performance.now() - started) / 1000, false);
      return result;
    } catch (error) {
      metrics.storeOperation(operation, (performance.now() - started) / 1000, true);
      throw error;
    }
  };
  return {
    createSession: (...a) => timed('createSession', () => store.createSession(...a)),
    getSession: (...a) => timed('getSession', () => store.getSession(...a)),
    rotateRefresh: (...a) => timed('rotateRefresh', () => store.rotateRefresh(...a)),
    revokeSession: (...a) => timed('revokeSession', () => store.revokeSession(...a)),
    listUserSessions: (...a) => timed('listUserSessions', () => store.listUserSessions(...a)),
    countSessions: (...a) => timed('countSessions', () => store.countSessions(...a)),
    getContext: (...a) => timed('getContext', () => store.getContext(...a)),
    compareAndSetContext: (...a) =>
      timed('compareAndSetContext', () => store.compareAndSetContext(...a)),
    hitRateLimit: (...a) => timed('hitRateLimit', () => store.hitRateLimit(...a)),
    publishRevocation: (...a) => timed('publishRevocation', () => store.publishRevocation(...a)),
    listRevocations: (...a) => timed('listRevocations', () => store.listRevocations(...a)),
    revocationSeq: () => timed('revocationSeq', () => store.revocationSeq()),
    isRevoked: (...a) => timed('isRevoked', () => store.isRevoked(...a)),
    subscribe: (...a) => timed('subscribe', () => store.subscribe(...a)),
    loadKeySet: (...a) => timed('loadKeySet', () => store.loadKeySet(...a)),
    compareAndSetKeySet: (...a) =>
      timed('compareAndSetKeySet', () => store.compareAndSetKeySet(...a)),
    ping: (...a) => timed('ping', () => store.ping(...a)),
    close: () => store.close(),
  };
}
