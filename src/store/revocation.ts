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
  /** Another instance changed the signing keys: reload them. */
  keysChanged(): void;
}

/** A live subscription to the store's revocation stream. */
export interface RevocationSubscription {
  /**
   * True when no message can be lost (the in-process memory store): while connected, the
   * subscriber is complete without listing again. False over a network, where messages published
   * while the connection is down are gone and a resync must recover them.
   */
  readonly lossless: boolean;
  /** Ends the subscription; no listener method is called once it resolves. */
  close(): Promise<void>;
}

/** The signing keys shared by every instance, as kept in the store. */
export interface StoredKeySet {
  /** Bumped by every change; writes are compare-and-set on it. */
  version: number;
  /** Private JWKs, newest first: the first signs, the others verify until `retiredAt + keep`. */
  keys: Array<{ jwk: Record<string, unknown>; createdAt: number; retiredAt: number | null }>;
}
