import type { Clock } from '../lib/clock.js';
import { logSafeError } from '../observability/log-safe-error.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Revocation, RevocationLog } from '../store/revocation-log.js';
import { createRevocationSet, type RevocationSet } from './revocation-set.js';

/** A mirror's set and how sure it is of it: subscription state, listings, confirmation time. */
export interface ResyncState {
  set(): RevocationSet;
  /** A message: applied at once (and kept for the listing in flight, if any). */
  apply(revocation: Revocation, seq?: number): void;
  connected(): void;
  /** A lossless subscription was complete up to the moment it went down. */
  disconnected(lossless: boolean): void;
  subscribed(): boolean;
  /** Start of the last full listing taken while subscribed throughout; null before the first. */
  confirmedAt(): number | null;
  /** Lists the store's set and replaces ours; one at a time, a request during one runs after it. */
  resync(): Promise<void>;
  /**
   * Confirms the set complete without listing it, when it can: subscribed throughout since the
   * last listing, every message's sequence number seen in order, and the store's counter at the
   * last one. False when it cannot (a resync is needed) or the store did not answer.
   */
  confirmBySeq(): Promise<boolean>;
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
  arrivedDuringListing: Array<{ revocation: Revocation; seq: number | undefined }> | null;
  failing: boolean;
  /**
   * The last sequence number of an unbroken run of messages since the last confirmed listing;
   * null when unknown (not listed yet in this subscription, a gap, a message without one).
   */
  seq: number | null;
}

/** What the state reads from and reports to. */
export interface ResyncDeps {
  store: Pick<RevocationLog, 'listRevocations' | 'revocationSeq'>;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

/**
 * Follows the sequence numbers of the messages: false only for a gap (a number skipped: a message
 * was missed, or the store lost its counter). An older number or a duplicate changes nothing; a
 * message without one (an older publisher) ends the run without counting as a gap, so the next
 * reconcile lists instead of every such message.
 */
function followSeq(sync: Sync, seq: number | undefined): boolean {
  if (sync.seq === null) return true;
  if (seq === undefined) {
    sync.seq = null;
    return true;
  }
  if (seq <= sync.seq) return true;
  const next = seq === sync.seq + 1;
  sync.seq = next ? seq : null;
  return next;
}

/**
 * One full listing: replaces the set (with what arrived meanwhile) and confirms if it may. The
 * counter is read before the listing: every revocation it counts is in the listing, and every
 * later one arrives as a message, so the run of sequence numbers starts from it.
 */
async function listOnce(sync: Sync, { store, clock, log, metrics }: ResyncDeps): Promise<void> {
  const [startEpoch, startedAt] = [sync.epoch, clock.now()];
  sync.arrivedDuringListing = [];
  let listed: Revocation[];
  let seqBefore: number;
  try {
    seqBefore = await store.revocationSeq();
    listed = await store.listRevocations(startedAt);
  } catch (error) {
    sync.arrivedDuringListing = null;
    if (!sync.failing)
      log.warn({ cause: logSafeError(error) }, 'revocation resync failed; retrying');
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
  const arrived = sync.arrivedDuringListing;
  for (const revocation of listed) next.apply(revocation, now);
  for (const { revocation } of arrived) next.apply(revocation, now);
  [sync.set, sync.arrivedDuringListing] = [next, null];
  if (!sync.subscribed || sync.epoch !== startEpoch) return;
  sync.seq = seqBefore;
  for (const { seq } of arrived) followSeq(sync, seq);
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
    seq: null,
  };
  const resync = coalesced(() => listOnce(sync, deps));
  return {
    set: () => sync.set,
    apply(revocation, seq) {
      if (!sync.set.covers(revocation)) metrics.revocationApplied(revocation.kind, 'message');
      sync.set.apply(revocation, clock.now());
      if (sync.arrivedDuringListing) sync.arrivedDuringListing.push({ revocation, seq });
      // A gap: a message was missed (or the store lost its counter); list now.
      else if (!followSeq(sync, seq)) void resync();
    },
    connected() {
      sync.subscribed = true;
      sync.epoch += 1;
      sync.seq = null;
    },
    disconnected(lossless) {
      if (lossless && sync.subscribed && sync.confirmedAt !== null) sync.confirmedAt = clock.now();
      sync.subscribed = false;
      sync.epoch += 1;
      sync.seq = null;
    },
    subscribed: () => sync.subscribed,
    confirmedAt: () => sync.confirmedAt,
    resync: () => resync(),
    async confirmBySeq() {
      if (sync.seq === null || !sync.subscribed || sync.arrivedDuringListing) return false;
      const [epoch, askedAt] = [sync.epoch, clock.now()];
      let seq: number;
      try {
        seq = await deps.store.revocationSeq();
      } catch {
        return false; // the listing that follows fails too, and says so
      }
      if (sync.epoch !== epoch || !sync.subscribed || sync.seq !== seq) return false;
      sync.confirmedAt = askedAt;
      sync.set.sweep(clock.now());
      return true;
    },
    idle: () => resync.idle(),
    sweep: () => sync.set.sweep(clock.now()),
  };
}
