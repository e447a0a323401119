import {
  UNWRITTEN_CONTEXT,
  type SessionRecord,
  type StoredContext,
  upgradeSessionRecord,
} from '../session-record.js';
import type { RevocationLog } from '../revocation-log.js';
import type { RotateOutcome, RotateRequest, SessionStore } from '../session-store.js';
import type { Store } from '../store.js';
import { createMemoryKeySets } from './memory-key-sets.js';
import { createMemoryRateLimiter } from './memory-rate-limiter.js';
import { createMemoryRevocations, type MemoryRevocations } from './memory-revocations.js';
import { rotateInMemory } from './rotate-in-memory.js';

interface Entry {
  record: SessionRecord;
  context: StoredContext | null;
}

interface State {
  sessions: Map<string, Entry>;
  byUser: Map<string, Set<string>>;
  lastSweep: number;
  revocations: MemoryRevocations;
}

/** Memory is bounded by pruning: lazily on access, and a full sweep at most this often. */
const SWEEP_INTERVAL_MS = 60_000;

const expiresAt = (record: SessionRecord) =>
  Math.min(record.idleExpiresAt, record.absoluteExpiresAt);

// Copies out (and validates, as the Redis store does on every read), so callers never hold
// references into stored state.
const readRecord = (entry: Entry) => upgradeSessionRecord(structuredClone(entry.record))!;

function drop(state: State, sid: string): void {
  const entry = state.sessions.get(sid);
  if (!entry) return;
  state.sessions.delete(sid);
  const sids = state.byUser.get(entry.record.sub);
  sids?.delete(sid);
  if (sids?.size === 0) state.byUser.delete(entry.record.sub);
}

function sweep(state: State, now: number): void {
  if (now - state.lastSweep < SWEEP_INTERVAL_MS) return;
  state.lastSweep = now;
  for (const [sid, entry] of state.sessions) if (expiresAt(entry.record) <= now) drop(state, sid);
}

/** The session's entry if it is live at `now`; an expired one is dropped on the way. */
function live(state: State, sid: string, now: number): Entry | undefined {
  sweep(state, now);
  const entry = state.sessions.get(sid);
  if (entry && expiresAt(entry.record) <= now) drop(state, sid);
  return state.sessions.get(sid);
}

function createSession(state: State, record: SessionRecord, context?: StoredContext): void {
  const valid = upgradeSessionRecord(structuredClone(record));
  if (!valid) throw new TypeError('not a valid session record');
  if (live(state, valid.sid, valid.createdAt)) throw new Error('session id already in use');
  state.sessions.set(valid.sid, { record: valid, context: context ? { ...context } : null });
  state.byUser.set(valid.sub, (state.byUser.get(valid.sub) ?? new Set()).add(valid.sid));
}

function rotateRefresh(state: State, request: RotateRequest): RotateOutcome {
  const entry = live(state, request.sid, request.now);
  if (!entry) return { kind: 'unknown' };
  const decision = rotateInMemory(entry.record, request);
  switch (decision.kind) {
    case 'rotated':
      return { kind: 'rotated', record: readRecord(entry) };
    case 'replayed-in-grace':
      return {
        kind: 'replayed-in-grace',
        record: readRecord(entry),
        successor: decision.successor,
      };
    case 'reuse-detected':
      state.revocations.publish(
        { kind: 'session', sid: request.sid, forgetAt: request.revocationForgetAt },
        request.now,
      );
      drop(state, request.sid);
      return { kind: 'reuse-detected', sub: entry.record.sub };
    default:
      return { kind: 'unknown' };
  }
}

function listUserSessions(state: State, sub: string, now: number): SessionRecord[] {
  const entries = [...(state.byUser.get(sub) ?? [])].flatMap((sid) => live(state, sid, now) ?? []);
  return entries
    .map(readRecord)
    .sort((a, b) => a.createdAt - b.createdAt || a.sid.localeCompare(b.sid));
}

function compareAndSetContext(
  entry: Entry | undefined,
  expectedVersion: number | null,
  context: Omit<StoredContext, 'version'>,
) {
  if (!entry) return { kind: 'no-session' } as const;
  const version = entry.context?.version ?? 0;
  if (expectedVersion !== null && expectedVersion !== version) {
    return { kind: 'conflict', version } as const;
  }
  entry.context = { version: version + 1, encoding: context.encoding, data: context.data };
  return { kind: 'written', version: version + 1 } as const;
}

function sessionStore(state: State): SessionStore {
  const { revocations } = state;
  return {
    createSession: async (record, context) => createSession(state, record, context),
    getSession: async (sid, now) => {
      const entry = live(state, sid, now);
      return entry ? readRecord(entry) : null;
    },
    rotateRefresh: async (request) => rotateRefresh(state, request),
    revokeSession: async (sid, now, forgetAt) => {
      const entry = live(state, sid, now);
      drop(state, sid); // first, as in the Redis store (see revokeSession there)
      revocations.publish({ kind: 'session', sid, forgetAt }, now);
      return entry ? readRecord(entry) : null;
    },
    listUserSessions: async (sub, now) => listUserSessions(state, sub, now),
    countSessions: async (now) => {
      let live = 0;
      for (const entry of state.sessions.values()) if (expiresAt(entry.record) > now) live += 1;
      return live;
    },
    getContext: async (sid, now) => {
      const entry = live(state, sid, now);
      if (!entry) return null;
      return { session: readRecord(entry), context: { ...(entry.context ?? UNWRITTEN_CONTEXT) } };
    },
    compareAndSetContext: async (sid, expectedVersion, context, now) =>
      compareAndSetContext(live(state, sid, now), expectedVersion, context),
  };
}

function revocationLog(revocations: MemoryRevocations): RevocationLog {
  return {
    publishRevocation: async (revocation, now) => revocations.publish(revocation, now),
    listRevocations: async (now) => revocations.list(now),
    revocationSeq: async () => revocations.seq(),
    isRevoked: async (query, now) => revocations.isRevoked(query, now),
    subscribe: async (listener) => revocations.subscribe(listener),
  };
}

/**
 * The embedded backend: one process, nothing persisted. For `npm start`, unit tests and
 * single-node trials; production runs the Redis store. Time comes only from the `now` arguments.
 */
export function createMemoryStore(): Store {
  const state: State = {
    sessions: new Map(),
    byUser: new Map(),
    lastSweep: -Infinity,
    revocations: createMemoryRevocations(),
  };
  const keySets = createMemoryKeySets();
  const rateLimiter = createMemoryRateLimiter();
  return {
    sessions: sessionStore(state),
    revocationLog: revocationLog(state.revocations),
    keySets,
    rateLimiter,
    ping: async () => {},
    close: async () => {
      state.sessions.clear();
      state.byUser.clear();
      state.revocations.clear();
      keySets.clear();
      rateLimiter.clear();
    },
  };
}
