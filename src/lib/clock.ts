/** The one source of time. Injected everywhere so tests and Lua scripts agree on "now". */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
