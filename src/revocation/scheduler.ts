/** Runs tasks periodically; injected so tests decide when the time has come. */
export interface Scheduler {
  /** Runs `task` every `intervalMs` until the returned function is called. */
  every(intervalMs: number, task: () => Promise<void> | void): () => void;
}

/**
 * The real scheduler: setInterval, unref'd where the runtime allows it so a pending reconcile
 * never keeps a process alive that has nothing else to do.
 */
export const intervalScheduler: Scheduler = {
  every(intervalMs, task) {
    const handle = setInterval(() => void task(), intervalMs) as unknown as { unref?: () => void };
    handle.unref?.();
    return () => clearInterval(handle as unknown as ReturnType<typeof setInterval>);
  },
};
