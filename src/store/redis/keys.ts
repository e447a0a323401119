/** Every Redis key the store uses (STYLE 11); nothing else in the code base builds one. */
export interface RedisKeys {
  /** String: the session record as JSON. */
  session(sid: string): string;
  /** Hash `version`/`encoding`/`data`: the session context. Same hash tag as its session. */
  context(sid: string): string;
  /** Sorted set: the user's sids, scored by each session's absolute expiry. */
  userSessions(sub: string): string;
  /** Sorted set: one rate-limit key's attempts, scored by time. */
  rateLimit(key: string): string;
  /** Sorted set: revoked sids scored by forgetAt. All revocation keys share the tag `{rev}`. */
  revokedSessions(): string;
  /** Sorted set: revoked access-token jtis scored by forgetAt. */
  revokedTokens(): string;
  /** Sorted set: subs with a not-before, scored by forgetAt. */
  revokedUsers(): string;
  /** Hash sub → not-before (epoch ms) of the subs in `revokedUsers`. */
  userNotBefore(): string;
  /** Counter: the sequence number of the last revocation published (see revocationSeq). */
  revocationSeq(): string;
  /** The pub/sub channel of revocations and key-set changes (a channel, not a key). */
  revocationEvents(): string;
  /** Hash `version`/`json`: the signing key set shared by every instance. */
  keySet(): string;
}

// Encoded so a `{`, `}` or `:` inside an id can neither move a key to another hash slot nor make
// two ids share a key; base64url sids and plain subs come out unchanged.
const part = (text: string) => encodeURIComponent(text);

/**
 * The key layout under `prefix` (`store.keyPrefix`). One session's keys share the hash tag
 * `{s:<sid>}` and one user's the tag `{u:<sub>}`; all revocation state sits under `{rev}` and the
 * key set under `{keys}`, so each Lua script touches one Cluster slot.
 */
export function redisKeys(prefix: string): RedisKeys {
  if (/[{}]/.test(prefix)) throw new TypeError('store.keyPrefix must not contain { or }');
  return {
    session: (sid) => `${prefix}{s:${part(sid)}}:session`,
    context: (sid) => `${prefix}{s:${part(sid)}}:context`,
    userSessions: (sub) => `${prefix}{u:${part(sub)}}:sessions`,
    rateLimit: (key) => `${prefix}{r:${part(key)}}:hits`,
    revokedSessions: () => `${prefix}{rev}:sessions`,
    revokedTokens: () => `${prefix}{rev}:tokens`,
    revokedUsers: () => `${prefix}{rev}:users`,
    userNotBefore: () => `${prefix}{rev}:not-before`,
    revocationSeq: () => `${prefix}{rev}:seq`,
    revocationEvents: () => `${prefix}{rev}:events`,
    keySet: () => `${prefix}{keys}:set`,
  };
}
