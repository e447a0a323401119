import type { SessionRecord } from '../session-record.js';
import type { SessionStore } from '../session-store.js';

/**
 * The embedded store: one process, nothing persisted. For `npm start`, unit tests and single-node
 * trials; production runs the Redis store.
 */
export function createMemoryStore(): SessionStore {
  const sessions = new Map<string, SessionRecord>();

  const expiry = (record: SessionRecord) => Math.min(record.idleExpiresAt, record.absoluteExpiresAt);

  return {
    async createSession(record) {
      sessions.set(record.sid, structuredClone(record));
    },
    async getSession(sid, now) {
      const record = sessions.get(sid);
      if (!record) return null;
      if (expiry(record) <= now) {
        sessions.delete(sid);
        return null;
      }
      return structuredClone(record);
    },
    async ping() {},
    async close() {
      sessions.clear();
    },
  };
}
