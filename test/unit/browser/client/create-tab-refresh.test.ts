import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTabRefresh } from '../../../../src/browser/client/create-tab-refresh.js';
import type { TabChannel, TabMessage } from '../../../../src/browser/client/tab-channel.js';
import { fakeWebLocks, type FakeWebLocks } from './fake-web-locks.js';

// The lock choreography on its own, with fake timers: another tab is played by the test, holding
// the lock by hand and delivering (or not) its broadcast in any order relative to the release.

let locks: FakeWebLocks;
let version: number;
let token: string | null;
let rotate: ReturnType<typeof vi.fn<() => Promise<string | null>>>;
let listeners: Array<(message?: TabMessage) => void>;

const channel: TabChannel = {
  post: () => true,
  next: (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      listeners.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    }),
};

/** Another tab's message arriving: applied first (as the client does), then waiters woken. */
function deliver(message: TabMessage) {
  if (message.t == 'token') {
    token = message.token;
    version++;
  }
  const waiting = listeners;
  listeners = [];
  waiting.forEach((wake) => wake(message));
}

/** Another tab takes the lock; resolves with its release function once it holds it. */
async function otherTabHolds(): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((granted) => {
    void locks.request('gatehouse', () => {
      granted();
      return new Promise<void>((r) => (release = r));
    });
  });
  await held;
  return release;
}

const refreshOf = (withLocks = true) =>
  createTabRefresh({
    locks: withLocks ? (locks as unknown as LockManager) : undefined,
    name: 'gatehouse',
    channel,
    version: () => version,
    token: () => token,
    rotate,
  });

beforeEach(() => {
  vi.useFakeTimers();
  locks = fakeWebLocks();
  version = 0;
  token = 'old';
  listeners = [];
  rotate = vi.fn(async () => {
    token = 'mine';
    version++;
    return token;
  });
});

afterEach(() => vi.useRealTimers());

describe('createTabRefresh', () => {
  it('without Web Locks: rotates at once, one promise for concurrent callers', async () => {
    const refresh = refreshOf(false);
    expect(await Promise.all([refresh(), refresh(), refresh()])).toEqual(['mine', 'mine', 'mine']);
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('with the lock free: rotates at once, without waiting for news', async () => {
    const refresh = refreshOf();
    expect(await refresh()).toBe('mine');
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('queued behind another tab whose news came before the release: takes its token', async () => {
    const release = await otherTabHolds();
    const result = refreshOf()();
    deliver({ t: 'token', token: 'theirs', expAt: 1 });
    release();

    expect(await result).toBe('theirs');
    expect(rotate).not.toHaveBeenCalled();
  });

  it('queued behind another tab whose news comes after the release: waits for it', async () => {
    const release = await otherTabHolds();
    const result = refreshOf()();
    release();
    await vi.advanceTimersByTimeAsync(300);
    expect(rotate).not.toHaveBeenCalled();
    deliver({ t: 'token', token: 'theirs', expAt: 1 });

    expect(await result).toBe('theirs');
    expect(rotate).not.toHaveBeenCalled();
  });

  it('queued behind another tab that never says anything: rotates after about a second', async () => {
    const release = await otherTabHolds();
    const result = refreshOf()();
    release();
    await vi.advanceTimersByTimeAsync(900);
    expect(rotate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);

    expect(await result).toBe('mine');
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('queued behind another tab whose refresh failed: rotates without waiting', async () => {
    const release = await otherTabHolds();
    const result = refreshOf()();
    release();
    await vi.advanceTimersByTimeAsync(0);
    deliver({ t: 'failed' });

    expect(await result).toBe('mine');
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('keeps the lock a moment after rotating, so a tab waking just then queues', async () => {
    const refresh = refreshOf();
    expect(await refresh()).toBe('mine');

    const late = vi.fn();
    void locks.request('gatehouse', { ifAvailable: true }, late);
    expect(late).toHaveBeenCalledWith(null);
    await vi.advanceTimersByTimeAsync(250);
    expect(locks.idle()).toBe(true);
  });

  it('queued behind its own hold: rotates without waiting for news', async () => {
    const refresh = refreshOf();
    await refresh(); // holds the lock for a moment after
    rotate.mockImplementation(async () => 'again');

    const second = refresh();
    await vi.advanceTimersByTimeAsync(250);

    expect(await second).toBe('again');
    expect(rotate).toHaveBeenCalledTimes(2);
  });

  it('refreshes alone when the lock manager refuses the request', async () => {
    const refusing = { request: () => Promise.reject(new DOMException('opaque', 'SecurityError')) };
    const refresh = createTabRefresh({
      locks: refusing as unknown as LockManager,
      name: 'gatehouse',
      channel,
      version: () => version,
      token: () => token,
      rotate,
    });
    expect(await refresh()).toBe('mine');
    expect(rotate).toHaveBeenCalledTimes(1);
  });

  it('passes a failed rotation on to its callers', async () => {
    rotate.mockRejectedValueOnce(new Error('503'));
    await expect(refreshOf()()).rejects.toThrow('503');
  });
});
