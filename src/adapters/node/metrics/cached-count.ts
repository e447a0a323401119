/** A count reused for a while, because taking it is costly (a SCAN of the store). */
export interface CachedCount {
  /** The latest count: counted again first if it is older than the interval (waiting at most `waitMs`). */
  read(): Promise<number | undefined>;
}

/**
 * Wraps `count` so it runs at most once per `maxAgeMs`, one run at a time. A read waits for a
 * fresh count up to `waitMs`, then answers with the previous one while the count finishes. A
 * failed count keeps the previous value and is retried after the interval, not on every read.
 */
export function cachedCount(
  count: () => Promise<number>,
  options: { maxAgeMs: number; waitMs: number; now?: () => number },
): CachedCount {
  const now = options.now ?? (() => performance.now());
  let value: number | undefined;
  let countedAt = -Infinity;
  let running: Promise<void> | null = null;
  const refresh = () =>
    count()
      .then(
        (counted) => {
          value = counted;
        },
        () => {},
      )
      .finally(() => {
        countedAt = now();
        running = null;
      });
  return {
    async read() {
      if (!running && now() - countedAt >= options.maxAgeMs) running = refresh();
      if (running) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const waited = new Promise<void>(
          (resolve) => (timer = setTimeout(resolve, options.waitMs)),
        );
        await Promise.race([running, waited]);
        clearTimeout(timer);
      }
      return value;
    },
  };
}
