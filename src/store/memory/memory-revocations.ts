import {
  type Revocation,
  type RevocationListener,
  type RevocationQuery,
  type StoreSubscription,
  validRevocation,
} from '../revocation-log.js';

/** The memory backend's revocations and subscribers (the RevocationLog methods, synchronous). */
export interface MemoryRevocations {
  publish(revocation: Revocation, now: number): void;
  list(now: number): Revocation[];
  seq(): number;
  isRevoked(query: RevocationQuery, now: number): boolean;
  subscribe(listener: RevocationListener): StoreSubscription;
  clear(): void;
}

interface State {
  sessions: Map<string, number>;
  tokens: Map<string, number>;
  users: Map<string, { notBefore: number; forgetAt: number }>;
  listeners: Set<RevocationListener>;
  /** The earliest forgetAt remembered: pruning scans everything, so only once that is due. */
  nextExpiry: number;
  /** The last revocation's sequence number (revocationSeq). */
  seq: number;
}

const live = (forgetAt: number | undefined, now: number) =>
  forgetAt !== undefined && forgetAt > now;

function prune(state: State, now: number): void {
  if (now < state.nextExpiry) return;
  state.nextExpiry = Infinity;
  const keep = (forgetAt: number) => {
    if (forgetAt > now) state.nextExpiry = Math.min(state.nextExpiry, forgetAt);
    return forgetAt > now;
  };
  for (const map of [state.sessions, state.tokens]) {
    for (const [id, forgetAt] of map) if (!keep(forgetAt)) map.delete(id);
  }
  for (const [sub, entry] of state.users) if (!keep(entry.forgetAt)) state.users.delete(sub);
}

// A repeat keeps the later forgetAt and the later not-before, as the Redis script does.
function record(state: State, r: Revocation): void {
  state.nextExpiry = Math.min(state.nextExpiry, r.forgetAt);
  const later = (map: Map<string, number>, id: string) =>
    map.set(id, Math.max(map.get(id) ?? 0, r.forgetAt));
  if (r.kind === 'session') later(state.sessions, r.sid);
  else if (r.kind === 'token') later(state.tokens, r.jti);
  else {
    const old = state.users.get(r.sub) ?? { notBefore: 0, forgetAt: 0 };
    state.users.set(r.sub, {
      notBefore: Math.max(old.notBefore, r.notBefore),
      forgetAt: Math.max(old.forgetAt, r.forgetAt),
    });
  }
}

function list(state: State, now: number): Revocation[] {
  const out: Revocation[] = [];
  for (const [sid, forgetAt] of state.sessions) {
    if (live(forgetAt, now)) out.push({ kind: 'session', sid, forgetAt });
  }
  for (const [jti, forgetAt] of state.tokens) {
    if (live(forgetAt, now)) out.push({ kind: 'token', jti, forgetAt });
  }
  for (const [sub, entry] of state.users) {
    if (live(entry.forgetAt, now)) out.push({ kind: 'user', sub, ...entry });
  }
  return out;
}

function isRevoked(state: State, query: RevocationQuery, now: number): boolean {
  const user = state.users.get(query.sub);
  return (
    live(state.sessions.get(query.sid), now) ||
    live(state.tokens.get(query.jti), now) ||
    (user !== undefined && live(user.forgetAt, now) && query.issuedAt < user.notBefore)
  );
}

/**
 * Builds the in-process revocation state: entries by kind, each kept until its forgetAt (pruned on
 * writes), and listeners told synchronously, so nothing is ever lost between publish and listener.
 */
export function createMemoryRevocations(): MemoryRevocations {
  const state: State = {
    sessions: new Map(),
    tokens: new Map(),
    users: new Map(),
    listeners: new Set(),
    nextExpiry: Infinity,
    seq: 0,
  };
  return {
    publish(revocation, now) {
      const valid = validRevocation(revocation);
      if (!valid) throw new TypeError('not a valid revocation');
      prune(state, now);
      if (valid.forgetAt <= now) return;
      record(state, valid);
      state.seq += 1;
      for (const listener of [...state.listeners]) {
        listener.revocation({ ...valid }, now, state.seq);
      }
    },
    list: (now) => list(state, now),
    seq: () => state.seq,
    isRevoked: (query, now) => isRevoked(state, query, now),
    subscribe(listener) {
      state.listeners.add(listener);
      listener.connected();
      const close = async () => void state.listeners.delete(listener);
      return { lossless: true, close };
    },
    clear() {
      for (const map of [state.sessions, state.tokens, state.users, state.listeners]) map.clear();
      state.seq = 0;
    },
  };
}
