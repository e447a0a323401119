import type { Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { noopMetrics, type Metrics } from '../observability/metrics.js';
import type {
  RevocationListener,
  RevocationQuery,
  StoreSubscription,
  RevocationLog,
} from '../store/revocation-log.js';
import { createResyncState } from './resync-state.js';
import type { RevokedBy } from './revocation-set.js';
import { intervalScheduler, type Scheduler } from './scheduler.js';

/** Whether a mirror can be trusted: `starting` until its first full sync, `stale` past maxStaleness. */
export type MirrorStatus = 'ok' | 'stale' | 'starting';

/** The live revocation set of this instance (README "Revocation", `mirror` mode). */
export interface RevocationMirror {
  /** Subscribes, syncs and starts reconciling; resolves once in sync, or once the first try failed. */
  start(): Promise<void>;
  /** Stops reconciling and unsubscribes. */
  stop(): Promise<void>;
  /** What refuses this token, or null. In memory only: no store call. */
  check(query: RevocationQuery, now: number): RevokedBy | null;
  status(now: number): MirrorStatus;
  /** Lists the store's set again and replaces the mirror's with it (what the scheduler runs). */
  reconcile(): Promise<void>;
  /** Entries held. */
  size(): number;
}

/** What a mirror is built from. */
export interface RevocationMirrorOptions {
  /** The store's revocation log, mirrored here. */
  store: Pick<RevocationLog, 'subscribe' | 'listRevocations' | 'revocationSeq'>;
  clock: Clock;
  /** `revocation.maxStaleness`: beyond it without a confirmed full sync, the mirror is stale. */
  maxStalenessMs: number;
  scheduler?: Scheduler;
  logger?: Logger;
  /** Revocations applied, propagation delays; entries and staleness when scraped. */
  metrics?: Metrics;
}

/**
 * Builds the mirror. It is confirmed complete at the start of every full listing taken while
 * subscribed throughout (messages cover what happens after the listing began), and, between
 * listings, whenever the store's revocation counter equals the last of an unbroken run of message
 * sequence numbers; reconciling every maxStaleness/3 keeps it fresh with room for one failed
 * attempt, at the cost of one counter read unless something was missed. A lossless subscription
 * (the in-process store) is complete whenever it is connected, so needs neither.
 */
export function createRevocationMirror(options: RevocationMirrorOptions): RevocationMirror {
  const { store, clock, maxStalenessMs } = options;
  const scheduler = options.scheduler ?? intervalScheduler;
  const log = (options.logger ?? silentLogger).child({ component: 'revocation-mirror' });
  const metrics = options.metrics ?? noopMetrics;
  const state = createResyncState({ store, clock, log, metrics });
  let subscription: StoreSubscription | undefined;
  let stopTimer: (() => void) | undefined;

  const listener: RevocationListener = {
    revocation(revocation, publishedAt, seq) {
      state.apply(revocation, seq);
      // Clocks of two hosts may disagree by a little: a negative delay is read as none.
      if (publishedAt !== undefined) {
        metrics.revocationPropagation(Math.max(0, clock.now() - publishedAt) / 1000);
      }
    },
    connected() {
      state.connected();
      void state.resync();
    },
    disconnected() {
      log.warn({}, 'revocation subscription lost; resyncing on reconnect');
      state.disconnected(subscription?.lossless ?? false);
    },
  };

  const isStale = (now: number) => {
    const confirmedAt = state.confirmedAt();
    if (confirmedAt === null) return true;
    if (subscription?.lossless && state.subscribed()) return false;
    return now - confirmedAt > maxStalenessMs;
  };

  // Seconds since the set was last known complete (before the first full sync: since the mirror
  // was built; never +Inf, which the workers' JSON IPC would turn into null), 0 while a lossless
  // subscription is up (it cannot miss anything).
  const builtAt = clock.now();
  const staleness = (now: number) => {
    if (subscription?.lossless && state.subscribed() && state.confirmedAt() !== null) return 0;
    return Math.max(0, now - (state.confirmedAt() ?? builtAt)) / 1000;
  };
  metrics.observeRevocationMirror(() => ({
    entries: state.set().size(),
    stalenessSeconds: staleness(clock.now()),
  }));

  // A full listing only when the sequence numbers cannot vouch for the set: one counter read
  // otherwise, however many revocations there are.
  const reconcile = async () => {
    if (subscription?.lossless && state.subscribed()) state.sweep();
    else if (!(await state.confirmBySeq())) await state.resync();
  };

  return {
    async start() {
      if (subscription) throw new Error('the revocation mirror is already started');
      subscription = await store.subscribe(listener);
      stopTimer = scheduler.every(Math.max(1, Math.floor(maxStalenessMs / 3)), reconcile);
      await state.idle();
    },
    async stop() {
      stopTimer?.();
      await subscription?.close();
      state.disconnected(false);
    },
    check: (query, now) => state.set().check(query, now),
    status: (now) => (state.confirmedAt() === null ? 'starting' : isStale(now) ? 'stale' : 'ok'),
    reconcile,
    size: () => state.set().size(),
  };
}
