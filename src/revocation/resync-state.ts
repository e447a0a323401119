import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Revocation } from '../store/revocation.js';
import type { SessionStore } from '../store/session-store.js';
import { createRevocationSet, type RevocationSet } from './revocation-set.js';

/** A mirror's set and how sure it is of it: subscription state, listings, confirmation time. */
export interface ResyncState {
  set(): RevocationSet;
  /** A message: applied at once (and kept for the listing in flight, if any). */
  apply(revocation: Revocation): void;
  connected(): void;
  /** A lossless subscription was complete up to the moment it went down. */
  disconnected(lossless: boolean): void;
  subscribed(): boolean;
  /** Start of the last full listing taken while subscribed throughout; null before the first. */
  confirmedAt(): number | null;
  /** Lists the store's set and replaces ours; one at a time, a request during one runs after it. */
  resync(): Promise<void>;
  /** Resolves when no resync is running. */
  idle(): Promise<void>;
  sweep(): void;
}

interface Sync {
  set: RevocationSet;
  subscribed: boolean;
  /** Bumped by every connect and disconnect: a listing confirms only if it saw none. */
  epoch: number;
  confirmedAt: number | null;
  /** Messages that arrive while a listing is in flight: it may have been taken before them. */
  arrivedDuringListing: Revocation[] | null;
  failing: boolean;
}

/** What the state reads from and reports to. */
export interface ResyncDeps {
  store: Pick<SessionStore, 'listRevocations'>;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

/** One full listing: replaces the set (with what arrived meanwhile) and confirms if it may. */
async function listOnce(sync: Sync, { store, clock, log, metrics }: ResyncDeps): Promise<void> {
  const [startEpoch, startedAt] = [sync.epoch, clock.now()];
  sync.arrivedDuringListing = [];
  let listed: Revocation[];
  try {
    listed = await store.listRevocations(startedAt);
  } catch (error) {
    sync.arrivedDuringListing = null;
    if (!sync.failing) log.warn({ cause: errorName(error) }, 'revocation resync failed; retrying');
    sync.failing = true;
    sync.set.sweep(clock.now());
    return;
  }
  const now = clock.now();
  // What the listing brings that no message did: at start-up and after a gap in the subscription.
  for (const revocation of listed) {
    if (!sync.set.covers(revocation)) metrics.revocationApplied(revocation.kind, 'resync');
  }
  const next = createRevocationSet(now);
  for (const revocation of [...listed, ...sync.arrivedDuringListing]) next.apply(revocation, now);
  [sync.set, sync.arrivedDuringListing] = [next, null];
  if (!sync.subscribed || sync.epoch !== startEpoch) return;
  if (sync.failing || sync.confirmedAt === null) {
    log.info({ entries: next.size() }, 'revocation mirror in sync');
  }
  [sync.confirmedAt, sync.failing] = [startedAt, false];
}

/** `run`, one at a time: a call during a run makes one more run after it, shared by all callers. */
function coalesced(run: () => Promise<void>): { (): Promise<void>; idle(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const start = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await run();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  return Object.assign(start, { idle: async () => void (await running) });
}

/** Builds the state a mirror keeps between messages, listings and reconnects. */
export function createResyncState(deps: ResyncDeps): ResyncState {
  const { clock, metrics } = deps;
  const sync: Sync = {
    set: createRevocationSet(clock.now()),
    subscribed: false,
    epoch: 0,
    confirmedAt: null,
    arrivedDuringListing: null,
    failing: false,
  };
  const resync = coalesced(() => listOnce(sync, deps));
  return {
    set: () => sync.set,
    apply(revocation) {
      if (!sync.set.covers(revocation)) metrics.revocationApplied(revocation.kind, 'message');
      sync.set.apply(revocation, clock.now());
      sync.arrivedDuringListing?.push(revocation);
    },
    connected() {
      sync.subscribed = true;
      sync.epoch += 1;
    },
    disconnected(lossless) {
      if (lossless && sync.subscribed && sync.confirmedAt !== null) sync.confirmedAt = clock.now();
      sync.subscribed = false;
      sync.epoch += 1;
    },
    subscribed: () => sync.subscribed,
    confirmedAt: () => sync.confirmedAt,
    resync: () => resync(),
    idle: () => resync.idle(),
    sweep: () => sync.set.sweep(clock.now()),
  };
}

// Name and code only: a client library's message may quote a connection URL.
function errorName(error: unknown): object {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return { name, code };
}
