import { describe, expect, it } from 'vitest';
import { cachedCount } from '../../../../../src/adapters/node/metrics/cached-count.js';

/** A count the test answers by hand, and a clock it moves. */
function harness(maxAgeMs: number, waitMs = 1000) {
  const calls: Array<{ resolve(n: number): void; reject(e: Error): void }> = [];
  let now = 0;
  const cached = cachedCount(
    () => new Promise<number>((resolve, reject) => calls.push({ resolve, reject })),
    { maxAgeMs, waitMs, now: () => now },
  );
  return {
    cached,
    calls,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('cachedCount', () => {
  it('counts on the first read, then reuses the count until it is maxAge old', async () => {
    const h = harness(60_000);
    const first = h.cached.read();
    h.calls[0]!.resolve(7);
    expect(await first).toBe(7);
    h.advance(59_999);
    expect(await h.cached.read()).toBe(7);
    expect(h.calls).toHaveLength(1);
    h.advance(1);
    const second = h.cached.read();
    expect(h.calls).toHaveLength(2);
    h.calls[1]!.resolve(9);
    expect(await second).toBe(9);
  });

  it('runs one count at a time, shared by concurrent reads', async () => {
    const h = harness(0);
    const reads = [h.cached.read(), h.cached.read(), h.cached.read()];
    expect(h.calls).toHaveLength(1);
    h.calls[0]!.resolve(3);
    expect(await Promise.all(reads)).toEqual([3, 3, 3]);
  });

  it('keeps the last count when one fails, and tries again only after maxAge', async () => {
    const h = harness(1000);
    const first = h.cached.read();
    h.calls[0]!.resolve(5);
    await first;
    h.advance(1000);
    const failed = h.cached.read();
    h.calls[1]!.reject(new Error('store down'));
    expect(await failed).toBe(5);
    expect(await h.cached.read()).toBe(5);
    expect(h.calls).toHaveLength(2);
  });

  it('answers with the previous count when a fresh one takes longer than waitMs', async () => {
    const h = harness(0, 20);
    const first = h.cached.read();
    h.calls[0]!.resolve(1);
    await first;
    // The second count never answers in time: the read does not wait for it.
    expect(await h.cached.read()).toBe(1);
    h.calls[1]!.resolve(2);
    await settle();
    const third = h.cached.read();
    h.calls[2]!.resolve(3);
    expect(await third).toBe(3);
  });

  it('has nothing to say before any count succeeded', async () => {
    const h = harness(0);
    const read = h.cached.read();
    h.calls[0]!.reject(new Error('store down'));
    expect(await read).toBeUndefined();
  });
});
