import { afterEach, beforeEach } from 'vitest';
import { randomToken, sha256Hex } from '../../src/lib/crypto.js';
import { SESSION_RECORD_VERSION, type SessionRecord } from '../../src/store/session-record.js';
import type { RotateRequest } from '../../src/store/session-store.js';
import type { Store } from '../../src/store/store.js';

/** Time for the expiry cases: a fake clock (memory) or the wall clock and real sleeps (Redis TTLs). */
export interface ContractTime {
  now(): number;
  pass(ms: number): Promise<void>;
}

/** What a backend gives the contract suite. */
export interface StoreHarness {
  /** A fresh store with no sessions and no revocations; the suite closes it after each test. */
  createStore(): Promise<Store>;
  /** Another instance over the same data as the store createStore made last (a second gateway). */
  createPeer(): Promise<Store>;
  /** Cuts the subscriber connections of the store createStore made last, as a network fault would. */
  dropSubscriptions?: () => Promise<void>;
  createTime(): ContractTime;
}

/** The per-test store and time, set up by `useStore`. */
export interface ContractContext {
  store(): Store;
  /** A peer of `store()`, closed after the test. */
  peer(): Promise<Store>;
  dropSubscriptions: StoreHarness['dropSubscriptions'];
  time(): ContractTime;
}

export const MINUTE = 60_000;
/** Long enough that real Redis TTLs never interfere with cases that are not about expiry. */
export const IDLE_MS = 30 * MINUTE;
export const ABSOLUTE_MS = 7 * 24 * 60 * MINUTE;

/** Opens a store before each test and closes it after. */
export function useStore(harness: StoreHarness): ContractContext {
  let store: Store | undefined;
  let time: ContractTime | undefined;
  const peers: Store[] = [];
  beforeEach(async () => {
    store = await harness.createStore();
    time = harness.createTime();
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
    await store?.close();
  });
  return {
    store: () => store!,
    peer: async () => {
      const peer = await harness.createPeer();
      peers.push(peer);
      return peer;
    },
    dropSubscriptions: harness.dropSubscriptions,
    time: () => time!,
  };
}

export const randomHash = () => sha256Hex(randomToken(32));

/** A fresh session record created at `now`. */
export async function makeRecord(
  now: number,
  options: {
    sub?: string;
    idleMs?: number;
    absoluteMs?: number;
    claims?: Record<string, unknown>;
  } = {},
): Promise<SessionRecord> {
  const absoluteExpiresAt = now + (options.absoluteMs ?? ABSOLUTE_MS);
  return {
    v: SESSION_RECORD_VERSION,
    sid: randomToken(16),
    sub: options.sub ?? `user-${randomToken(6)}`,
    scope: ['read', 'write'],
    claims: options.claims ?? { tenant: 'acme' },
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: Math.min(now + (options.idleMs ?? IDLE_MS), absoluteExpiresAt),
    absoluteExpiresAt,
    refresh: { hash: await randomHash(), previous: [], rotatedAt: 0, successor: null },
  };
}

/** A rotation of `record` presenting `presentedHash` at `now`, with a fresh successor. */
export async function rotation(
  record: SessionRecord,
  presentedHash: string,
  now: number,
  overrides: Partial<RotateRequest> = {},
): Promise<RotateRequest> {
  return {
    sid: record.sid,
    presentedHash,
    nextHash: await randomHash(),
    sealedSuccessor: `sealed.${randomToken(24)}`,
    now,
    graceMs: 10_000,
    idleTtlMs: IDLE_MS,
    revocationForgetAt: now + MINUTE,
    ...overrides,
  };
}

/** A fake clock for the memory store: `pass` moves it without waiting. */
export function virtualTime(start = Date.now()): ContractTime {
  let now = start;
  return {
    now: () => now,
    pass: async (ms) => {
      now += ms;
    },
  };
}

/** The wall clock: `pass` sleeps, so Redis TTLs really run out. */
export function realTime(): ContractTime {
  return { now: () => Date.now(), pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
}
