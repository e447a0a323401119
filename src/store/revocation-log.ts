/**
 * One revocation, remembered until `forgetAt` (epoch ms): by then every access token it could
 * reject has expired, so the entry can go. Kept in the store, mirrored in every instance's memory.
 */
export type Revocation =
  /** A session ended by logout, an admin, or refresh-token reuse. */
  | { kind: 'session'; sid: string; forgetAt: number }
  /** One access token, by `jti`, until its `exp`. */
  | { kind: 'token'; jti: string; forgetAt: number }
  /** Every access token of `sub` issued before `notBefore` (epoch ms). */
  | { kind: 'user'; sub: string; notBefore: number; forgetAt: number };

/** What a lookup-mode check asks about one access token. */
export interface RevocationQuery {
  sid: string;
  jti: string;
  sub: string;
  /** The token's `iat`, epoch ms. */
  issuedAt: number;
}

/** Receives the revocation stream of the store. */
export interface RevocationListener {
  /**
   * A revocation published by any instance (possibly this one); `publishedAt` is the publisher's
   * `now` (epoch ms) and `seq` its place in the store's sequence (see revocationSeq), when the
   * message carries them.
   */
  revocation(revocation: Revocation, publishedAt?: number, seq?: number): void;
  /** (Re)subscribed: messages may have been missed while down, so resync now. */
  connected(): void;
  /** The subscription is down: nothing arrives until `connected` again. */
  disconnected(): void;
}

/** A live subscription to one of the store's streams (revocations, key-set changes). */
export interface StoreSubscription {
  /**
   * True when no message can be lost (the in-process memory store): while connected, the
   * subscriber is complete without listing again. False over a network, where messages published
   * while the connection is down are gone and a resync must recover them.
   */
  readonly lossless: boolean;
  /** Ends the subscription; no listener method is called once it resolves. */
  close(): Promise<void>;
}

/**
 * The revocation log contract: every instance publishes into it and mirrors it (README
 * "Revocation"). Entries are remembered until their `forgetAt`; each publish takes the next
 * sequence number, so a subscriber can tell it missed nothing without listing the set.
 */
export interface RevocationLog {
  /**
   * Records a revocation and publishes it to every subscribed instance, atomically (the entry is
   * stored before anyone can be told). Entries past `forgetAt` are pruned.
   */
  publishRevocation(revocation: Revocation, now: number): Promise<void>;
  /** Every revocation still remembered at `now` (a mirror's full resync). */
  listRevocations(now: number): Promise<Revocation[]>;
  /**
   * The sequence number of the last revocation published: each publish adds one and its message
   * carries the new number, so a subscriber that saw every number up to this one has missed
   * nothing without listing the set. 0 before the first; it may start again from 0 once every
   * revocation is forgotten (or the store lost its data), which a subscriber sees as a gap.
   */
  revocationSeq(): Promise<number>;
  /**
   * Lookup mode: whether the token is revoked by its session, its jti or its user's not-before
   * (`issuedAt` < notBefore). An empty `jti` or `sub` matches nothing.
   */
  isRevoked(query: RevocationQuery, now: number): Promise<boolean>;
  /**
   * Subscribes to revocations. Resolves after the first attempt to connect, with `connected`
   * already called if it succeeded; it never rejects for an unreachable store: it keeps
   * reconnecting, calling `connected` after every (re)subscription.
   */
  subscribe(listener: RevocationListener): Promise<StoreSubscription>;
}

const id = (value: unknown): value is string => typeof value === 'string' && value !== '';
const time = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * The revocation `value` describes, copied down to its known fields, or null when it is not one
 * (an empty id, a time that is not an integer number of ms). Checks what publishers send and what
 * subscribers receive.
 */
export function validRevocation(value: unknown): Revocation | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (!time(r.forgetAt)) return null;
  if (r.kind === 'session' && id(r.sid))
    return { kind: 'session', sid: r.sid, forgetAt: r.forgetAt };
  if (r.kind === 'token' && id(r.jti)) return { kind: 'token', jti: r.jti, forgetAt: r.forgetAt };
  if (r.kind === 'user' && id(r.sub) && time(r.notBefore)) {
    return { kind: 'user', sub: r.sub, notBefore: r.notBefore, forgetAt: r.forgetAt };
  }
  return null;
}
