import type { Scheduler } from '../../../src/revocation/scheduler.js';
import type { RevocationListener, RevocationLog } from '../../../src/store/revocation-log.js';
import type { Store } from '../../../src/store/store.js';

/** A scheduler that runs its tasks only when the test says so. */
export interface ManualScheduler extends Scheduler {
  /** The intervals asked for, in order. */
  intervals: number[];
  /** Runs every registered task once and waits for them. */
  run(): Promise<void>;
}

export function manualScheduler(): ManualScheduler {
  const tasks = new Set<() => Promise<void> | void>();
  const intervals: number[] = [];
  return {
    intervals,
    every(intervalMs, task) {
      intervals.push(intervalMs);
      tasks.add(task);
      return () => tasks.delete(task);
    },
    run: async () => {
      await Promise.all([...tasks].map((task) => task()));
    },
  };
}

/** Switches of a LossyStore. */
export interface LossControl {
  /** Cuts the subscription: `disconnected`, and messages are lost until `restore`. */
  cut(): void;
  /** True between `cut` and `restore`: a subscription made meanwhile does not connect. */
  down: boolean;
  /** Reconnects it: `connected`, as after a reconnect and resubscription. */
  restore(): void;
  /** listRevocations and revocationSeq reject while set, as an unreachable store does. */
  failLists: boolean;
  /** How many times listRevocations was called. */
  lists: number;
  /** How many times revocationSeq was called. */
  seqReads: number;
  /** Loses the next message without a disconnect (what sequence numbers must catch). */
  dropNext: boolean;
  /** Delivers messages without their sequence number, as an older publisher sends them. */
  stripSeq: boolean;
  /** While set, listRevocations holds its answer until `release()`. */
  holdLists: boolean;
  release(): void;
}

/**
 * A store whose subscription behaves as one over a network (lossless: false) and can be cut, so
 * the mirror's resync, reconcile and staleness can be driven by hand over a memory store.
 */
export function lossyStore(base: Store): { store: Store; control: LossControl } {
  const listeners = new Set<{ listener: RevocationListener; up: boolean }>();
  let held: Array<() => void> = [];
  const control: LossControl = {
    down: false,
    failLists: false,
    lists: 0,
    seqReads: 0,
    dropNext: false,
    stripSeq: false,
    holdLists: false,
    cut() {
      control.down = true;
      for (const entry of listeners) {
        entry.up = false;
        entry.listener.disconnected();
      }
    },
    restore() {
      control.down = false;
      for (const entry of listeners) {
        entry.up = true;
        entry.listener.connected();
      }
    },
    release() {
      const waiting = held;
      held = [];
      for (const go of waiting) go();
    },
  };
  const revocationLog: RevocationLog = {
    ...base.revocationLog,
    async listRevocations(now) {
      control.lists += 1;
      if (control.failLists)
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      // Taken now, answered later: what is published meanwhile is not in it.
      const listed = await base.revocationLog.listRevocations(now);
      if (control.holdLists) await new Promise<void>((resolve) => held.push(resolve));
      return listed;
    },
    async revocationSeq() {
      control.seqReads += 1;
      if (control.failLists)
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return base.revocationLog.revocationSeq();
    },
    async subscribe(listener) {
      const entry = { listener, up: !control.down };
      const inner = await base.revocationLog.subscribe({
        revocation: (revocation, publishedAt, seq) => {
          if (control.dropNext) {
            control.dropNext = false;
            return;
          }
          if (entry.up)
            listener.revocation(revocation, publishedAt, control.stripSeq ? undefined : seq);
        },
        connected: () => {},
        disconnected: () => {},
      });
      listeners.add(entry);
      if (entry.up) listener.connected();
      return {
        lossless: false,
        close: async () => {
          listeners.delete(entry);
          await inner.close();
        },
      };
    },
  };
  const store: Store = { ...base, revocationLog };
  return { store, control };
}
