/**
 * The soak run's shape, in ms of the load's own clock. Bounded so `npm test` stays a few minutes:
 * 60 s of load plus about 15 s of set-up and checks.
 */
export const SOAK = {
  /** Virtual users, each on one keep-alive connection, one request at a time. */
  users: 12,
  loadMs: 60_000,
  /** Memory is sampled from here on, when connections, caches and the JIT have settled. */
  warmUpMs: 10_000,
  /** When the parked sessions (checked after the restart) are created. */
  parkAtMs: 12_000,
  killAtMs: 20_000,
  downMs: 5_000,
  /** Pause between one user's requests: ~12 users × ~60 req/s, well under saturation. */
  thinkMs: 10,
  /** Pause after a 503 before trying again. */
  retryMs: 200,
  /** One in this many iterations ends with a logout and a new login. */
  logoutEvery: 40,
  /** Pause between admin actions. */
  adminEveryMs: 600,
  /** Pause between /readyz polls and memory samples. */
  sampleEveryMs: 1000,
  parked: { sessions: 16, revoked: 4 },
  /** revocation.maxStaleness: shorter than the outage, so `session` routes fail closed in it. */
  maxStalenessMs: 3000,
  /**
   * After the restart, 503s stay expected for calls started within this window (README, Redis
   * outage): the client reconnects with backoff capped at 1 s, a call sent just before that may
   * wait out the 2 s command timeout, and the mirror confirms it is complete again within
   * `maxStaleness`. 1 s + 2 s + 3 s.
   */
  recoveryMs: 6_000,
  /**
   * A revoked credential accepted this long after its revocation was acknowledged is a failure.
   * The mirror hears of a revocation by pub/sub at once; a message lost to a reconnect is made
   * good by the next full load, within `maxStaleness`; 1 s more for a loaded machine.
   */
  revokedGraceMs: 4_000,
} as const;
