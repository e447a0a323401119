import type { TabChannel } from './tab-channel.js';

/** A tab that queued behind another holder waits this long for its broadcast before rotating. */
const NEWS_MS = 1000;
/** The holder keeps the lock this long after broadcasting, so a tab waking now queues and hears it. */
const HOLD_MS = 200;

/** What the refresh needs from the client. */
export interface TabRefreshDeps {
  /** Web Locks, where the browser has them (secure contexts). */
  locks: LockManager | undefined;
  name: string;
  channel: TabChannel;
  /** A counter bumped on every change of the token, in this tab or from another. */
  version(): number;
  token(): string | null;
  /** POST /auth/refresh; applies and broadcasts the outcome before it resolves. */
  rotate(): Promise<string | null>;
}

/**
 * Builds the refresh that all concurrent callers of all the tabs of one origin share: one promise
 * per tab (single-flight), and across tabs one rotation under a Web Lock. A tab that had to queue
 * for the lock first waits for the holder's broadcast (the broadcast and the lock's release travel
 * apart, in no set order) and rotates only if none came. Without Web Locks, single-flight per tab;
 * the gateway's refresh grace window then covers tabs refreshing at once.
 */
export function createTabRefresh(deps: TabRefreshDeps): () => Promise<string | null> {
  const { locks, name, channel, version, token, rotate } = deps;
  let inflight: Promise<string | null> | undefined;
  let holding = false;

  function underLock(): Promise<string | null> {
    if (!locks) return rotate();
    const seen = version();
    const behindSelf = holding; // queued behind our own hold: no broadcast will come
    return new Promise((resolve, reject) => {
      const run = async (queued: boolean) => {
        const until = Date.now() + NEWS_MS;
        while (queued && !behindSelf && version() == seen && Date.now() < until) {
          if ((await channel.next(until - Date.now()))?.t == 'failed') break;
        }
        if (version() != seen) return resolve(token());
        holding = true;
        await rotate().then(resolve, reject);
        await new Promise((done) => setTimeout(done, HOLD_MS));
        holding = false;
      };
      locks
        .request(name, { ifAvailable: true }, (lock) =>
          lock ? run(false) : locks.request(name, () => run(true)),
        )
        // The lock manager refused (e.g. an opaque origin): refresh alone, as without Web Locks.
        .catch(() => rotate().then(resolve, reject));
    });
  }

  return () => (inflight ??= underLock().finally(() => (inflight = undefined)));
}
