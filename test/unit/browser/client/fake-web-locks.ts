// An in-memory Web Locks manager (exclusive locks, granted in request order, `ifAvailable`): what
// one browser's tabs of an origin share. Installed as `navigator.locks` with vi.stubGlobal.

export interface FakeWebLocks {
  request(name: string, ...args: unknown[]): Promise<unknown>;
  /** No lock held and none queued. */
  idle(): boolean;
  /** The most callbacks that ever ran at once under one name (must stay 1). */
  maxHolders: number;
}

export function fakeWebLocks(): FakeWebLocks {
  const held = new Set<string>();
  const queues = new Map<string, Array<() => void>>();
  const running = new Map<string, number>();
  const queue = (name: string) => queues.get(name) ?? queues.set(name, []).get(name)!;

  const locks: FakeWebLocks = {
    maxHolders: 0,
    idle: () => held.size === 0,
    async request(name, ...args) {
      const [options, callback] = (args.length === 1 ? [{}, args[0]] : args) as [
        { ifAvailable?: boolean },
        (lock: unknown) => unknown,
      ];
      if (held.has(name)) {
        if (options.ifAvailable) return callback(null);
        // The releasing holder hands the lock straight over: no one can slip in between.
        await new Promise<void>((resolve) => queue(name).push(resolve));
      } else {
        held.add(name);
      }
      running.set(name, (running.get(name) ?? 0) + 1);
      locks.maxHolders = Math.max(locks.maxHolders, running.get(name)!);
      try {
        return await callback({ name, mode: 'exclusive' });
      } finally {
        running.set(name, running.get(name)! - 1);
        const next = queue(name).shift();
        if (next) next();
        else held.delete(name);
      }
    },
  };
  return locks;
}
