import type { JWK } from 'jose';
import { keysManagedOutside, keySetConflict, signingKeyNotFound } from '../errors/errors.js';
import type { Clock } from '../lib/clock.js';
import { logSafeError } from '../observability/log-safe-error.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import type { StoredKeySet } from '../store/key-set-store.js';
import { generateSigningKey } from './jwk.js';
import type { KeySetStorage } from './key-set-storage.js';
import {
  type Keyring,
  type SigningAlgorithm,
  activeAlgorithm,
  keyringOf,
  createReplaceableKeyring,
  type ReplaceableKeyring,
} from './keyring.js';
import { revokeKeySet, rotateKeySet } from './key-set.js';

/** What a rotation made: the new active kid and the retired kids still verifying. */
export interface KeyRotation {
  kid: string;
  previous: string[];
}

/** One key of the served set, as the admin API lists it (no key material). */
export interface SigningKeyInfo {
  kid: string;
  alg: string;
  /** Signs new tokens (the first key); the others only verify. */
  active: boolean;
  /** Epoch ms; null for keys that came without the date. */
  createdAt: number | null;
  retiredAt: number | null;
}

/** What a key revocation did: the key it dropped, and the keys now served. */
export interface KeyRevocation extends KeyRotation {
  revoked: string;
}

/** The gateway's signing keys: a live keyring over a key set that can be reloaded and rotated. */
export interface SigningKeys {
  /** Signs with the active key and verifies with every key of the set; swapped in place on change. */
  readonly keyring: Keyring;
  /** Re-reads the key set and serves it (another instance changed it: `keysChanged`). */
  reload(): Promise<void>;
  /** A reload for a token naming an unknown kid: at most one per interval, shared by callers. */
  reloadForUnknownKid(): Promise<void>;
  /** A new active key for every instance; throws keysManagedOutside() for file and env keys. */
  rotate(): Promise<KeyRotation>;
  /**
   * Stops key `kid` verifying on every instance (a new active key first, if it was the active
   * one); throws signingKeyNotFound() when the set has no such key, keysManagedOutside() for file
   * and env keys.
   */
  revoke(kid: string): Promise<KeyRevocation>;
  /** The keys served now, active first. */
  list(): SigningKeyInfo[];
}

/** What the signing keys are built from. */
export interface SigningKeysOptions {
  storage: KeySetStorage;
  /** `tokens.algorithm`: new keys use it, and the active key must (it is rotated in if not). */
  algorithm: SigningAlgorithm;
  clock: Clock;
  /** How long a retired key keeps verifying: accessTtl + clockTolerance + a margin. */
  keepMs: number;
  logger?: Logger;
  generateKey?: (alg: SigningAlgorithm) => Promise<JWK>;
  /** Least time between two unknown-kid reloads (default 1 s). */
  unknownKidReloadIntervalMs?: number;
}

// Compare-and-set attempts before a change gives up: each loss means another writer made
// progress, so running out takes a storm of concurrent rotations.
const MAX_ATTEMPTS = 5;

type Change = (current: StoredKeySet | null) => Promise<StoredKeySet | undefined>;
interface Served {
  set: StoredKeySet;
}

/**
 * Loads the key set and serves it. A writable storage with no set yet gets one new key (if another
 * instance stored one first, theirs is used); one whose active key is not `algorithm` gets a new
 * active key. Read-only sets (file, env) are served as they are and must match `algorithm`.
 */
export async function startSigningKeys(opts: SigningKeysOptions): Promise<SigningKeys> {
  const generate = opts.generateKey ?? generateSigningKey;
  const initial = opts.storage.writable
    ? await updateKeySet(opts.storage, async (current) =>
        ensureActiveKey(current, opts.algorithm, () => generate(opts.algorithm), opts),
      )
    : await loadExisting(opts.storage);
  const keyring = createReplaceableKeyring(await keyringOf(initial, opts.algorithm, opts));
  const served: Served = { set: initial };
  const serve = (set: StoredKeySet) => serveKeySet(keyring, served, set, opts);
  const reload = async (): Promise<void> => {
    const set = await opts.storage.load();
    if (set === null) {
      (opts.logger ?? silentLogger).warn({}, 'the stored signing key set is gone; keeping mine');
      return;
    }
    if (set.version !== served.set.version || !sameKids(set, served.set)) await serve(set);
  };
  return {
    keyring,
    reload,
    reloadForUnknownKid: throttled(reload, opts),
    async rotate() {
      if (!opts.storage.writable) throw keysManagedOutside();
      const jwk = await generate(opts.algorithm);
      // A store that lost its set (flushed) starts again from the keys this instance serves.
      const set = await updateKeySet(opts.storage, async (current) =>
        rotateKeySet(current ?? { ...served.set, version: 0 }, jwk, opts.clock.now(), opts.keepMs),
      );
      await serve(set);
      return servedKids();
    },
    async revoke(kid) {
      if (!opts.storage.writable) throw keysManagedOutside();
      let found = true;
      const set = await updateKeySet(opts.storage, async (current) => {
        const base = current ?? { ...served.set, version: 0 };
        const replacement = () => generate(opts.algorithm);
        const next = await revokeKeySet(base, kid, replacement, opts.clock.now(), opts.keepMs);
        found = next !== null;
        return next ?? undefined;
      });
      if (!found) throw signingKeyNotFound();
      await serve(set);
      return { revoked: kid, ...servedKids() };
    },
    list,
  };
  function list(): SigningKeyInfo[] {
    const now = opts.clock.now();
    const verifying = served.set.keys.filter(
      (key) => key.retiredAt === null || now < key.retiredAt + opts.keepMs,
    );
    return verifying.map((key, index) => ({
      kid: String(key.jwk.kid),
      alg: String(key.jwk.alg),
      active: index === 0,
      createdAt: key.createdAt ?? null,
      retiredAt: key.retiredAt ?? null,
    }));
  }
  function servedKids(): KeyRotation {
    const [active, ...previous] = keyring.jwks().keys.map((key) => key.kid!);
    return { kid: active!, previous };
  }
}

/** Applies `change` to the stored set with compare-and-set, re-reading after each lost race. */
async function updateKeySet(storage: KeySetStorage, change: Change): Promise<StoredKeySet> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await storage.load();
    const next = await change(current);
    if (next === undefined) return current!;
    if (await storage.compareAndSet(current?.version ?? 0, next)) return next;
  }
  throw keySetConflict();
}

/** Swaps `set` into the keyring unless a newer version is served already. */
async function serveKeySet(
  keyring: ReplaceableKeyring,
  served: Served,
  set: StoredKeySet,
  opts: SigningKeysOptions,
): Promise<void> {
  // Reloads may finish out of order: never go back to an older version than the one served.
  if (set.version < served.set.version) return;
  // Another instance may sign with another algorithm (a config change rolling out): follow it.
  const next = await keyringOf(set, activeAlgorithm(set) ?? opts.algorithm, opts);
  if (set.version < served.set.version) return;
  served.set = set;
  keyring.replace(next);
}

/** `reload`, run at most once per interval; callers during a run share it; failures are logged. */
function throttled(reload: () => Promise<void>, opts: SigningKeysOptions): () => Promise<void> {
  const interval = opts.unknownKidReloadIntervalMs ?? 1000;
  const log = opts.logger ?? silentLogger;
  let pending: Promise<void> | undefined;
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    if (pending) return pending;
    const now = opts.clock.now();
    // Tokens with made-up kids must not turn into one store read each.
    if (now - last < interval) return Promise.resolve();
    last = now;
    pending = reload()
      .catch((error: unknown) =>
        log.warn({ err: logSafeError(error) }, 'signing key reload failed'),
      )
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

/** A first key set, or a new active key when `algorithm` changed; undefined when all is well. */
async function ensureActiveKey(
  current: StoredKeySet | null,
  algorithm: SigningAlgorithm,
  generate: () => Promise<JWK>,
  opts: { clock: Clock; keepMs: number },
): Promise<StoredKeySet | undefined> {
  if (current && current.keys.length > 0 && activeAlgorithm(current) === algorithm)
    return undefined;
  const jwk = await generate();
  const now = opts.clock.now();
  if (!current || current.keys.length === 0) {
    return {
      version: (current?.version ?? 0) + 1,
      keys: [{ jwk, createdAt: now, retiredAt: null }],
    };
  }
  // tokens.algorithm changed: sign with a new key, keep the old ones verifying after it.
  return rotateKeySet(current, jwk, now, opts.keepMs);
}

async function loadExisting(storage: KeySetStorage): Promise<StoredKeySet> {
  const set = await storage.load();
  if (set === null || set.keys.length === 0) throw new Error('no signing keys were found');
  return set;
}

function sameKids(a: StoredKeySet, b: StoredKeySet): boolean {
  const kids = (set: StoredKeySet) => set.keys.map((key) => String(key.jwk.kid)).join(' ');
  return kids(a) === kids(b);
}
