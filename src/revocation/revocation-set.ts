import type { Revocation, RevocationQuery } from '../store/revocation-log.js';

/** Which revocation refuses a token. */
export type RevokedBy = 'session' | 'token' | 'user';

/** The in-memory revocation set of one instance: revoked sids, jtis and users' not-befores. */
export interface RevocationSet {
  /** Adds (or extends) one revocation; ignored once past its forgetAt. */
  apply(revocation: Revocation, now: number): void;
  /** What refuses the token, or null; entries found past their forgetAt are dropped on the way. */
  check(query: RevocationQuery, now: number): RevokedBy | null;
  /** Whether an entry already refuses all `revocation` does (its id, as late a not-before). */
  covers(revocation: Revocation): boolean;
  /** Drops every entry past its forgetAt. */
  sweep(now: number): void;
  /** Entries held (the forgettable ones included until swept). */
  size(): number;
}

interface UserEntry {
  notBefore: number;
  forget: number;
}

interface Tables {
  sessions: Map<string, number>;
  tokens: Map<string, number>;
  users: Map<string, UserEntry>;
}

// forgetAt is held as whole seconds after the set's creation, rounded up: a small integer stays a
// tagged value (a Smi) inside the Map, where epoch milliseconds would each be a boxed 16-byte
// double. Entries live up to a second longer, rejecting only tokens expired by then anyway.
const stamp = (ms: number, baseSeconds: number) => Math.ceil(ms / 1000) - baseSeconds;

/** Adds one revocation whose stamp is `forget`, keeping the later stamp and not-before. */
function add(tables: Tables, revocation: Revocation, forget: number): void {
  const later = (map: Map<string, number>, id: string) =>
    map.set(id, Math.max(map.get(id) ?? forget, forget));
  if (revocation.kind === 'session') later(tables.sessions, revocation.sid);
  else if (revocation.kind === 'token') later(tables.tokens, revocation.jti);
  else {
    const old = tables.users.get(revocation.sub);
    tables.users.set(revocation.sub, {
      notBefore: Math.max(old?.notBefore ?? revocation.notBefore, revocation.notBefore),
      forget: Math.max(old?.forget ?? forget, forget),
    });
  }
}

/** Whether `id` is in `map` and still live at `nowStamp`; a forgettable entry is dropped. */
function holds(map: Map<string, number>, id: string, nowStamp: number): boolean {
  const forget = map.get(id);
  if (forget === undefined) return false;
  if (forget > nowStamp) return true;
  map.delete(id);
  return false;
}

function check(tables: Tables, query: RevocationQuery, nowStamp: number): RevokedBy | null {
  if (holds(tables.sessions, query.sid, nowStamp)) return 'session';
  if (holds(tables.tokens, query.jti, nowStamp)) return 'token';
  const user = tables.users.get(query.sub);
  if (user === undefined) return null;
  if (user.forget <= nowStamp) {
    tables.users.delete(query.sub);
    return null;
  }
  return query.issuedAt < user.notBefore ? 'user' : null;
}

function covers(tables: Tables, revocation: Revocation): boolean {
  if (revocation.kind === 'session') return tables.sessions.has(revocation.sid);
  if (revocation.kind === 'token') return tables.tokens.has(revocation.jti);
  const user = tables.users.get(revocation.sub);
  return user !== undefined && user.notBefore >= revocation.notBefore;
}

function sweep(tables: Tables, nowStamp: number): void {
  for (const map of [tables.sessions, tables.tokens]) {
    for (const [id, forget] of map) if (forget <= nowStamp) map.delete(id);
  }
  for (const [sub, entry] of tables.users) if (entry.forget <= nowStamp) tables.users.delete(sub);
}

/** Builds an empty set; `createdAt` (epoch ms) anchors the compact expiry stamps. */
export function createRevocationSet(createdAt: number): RevocationSet {
  const base = Math.floor(createdAt / 1000);
  const tables: Tables = { sessions: new Map(), tokens: new Map(), users: new Map() };
  // An entry is live while its stamp is above the current second's.
  const current = (now: number) => Math.floor(now / 1000) - base;
  return {
    apply(revocation, now) {
      const forget = stamp(revocation.forgetAt, base);
      if (forget > current(now)) add(tables, revocation, forget);
    },
    check: (query, now) => check(tables, query, current(now)),
    covers: (revocation) => covers(tables, revocation),
    sweep: (now) => sweep(tables, current(now)),
    size: () => tables.sessions.size + tables.tokens.size + tables.users.size,
  };
}
