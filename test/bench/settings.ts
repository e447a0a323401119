/** Every knob of `npm run bench`, read once from the environment. */
export interface BenchSettings {
  /** Interleaved rounds; each target/connection pair is measured once per round (0: micro only). */
  rounds: number;
  /** Seconds per measurement. */
  durationS: number;
  /** Seconds of discarded load per target before its first measurement. */
  warmupS: number;
  connections: number[];
  /** Target names to run; every target when empty. */
  only: string[];
  /** nginx's `keepalive` (idle upstream connections kept); below the connection count it reconnects. */
  nginxKeepalive: number;
  /** Seconds the whole run may spend waiting for other processes to go quiet and re-running noisy measurements. */
  quietWaitS: number;
  /** Seconds per micro benchmark. */
  microS: number;
  /** Measured seconds of each run of the login, refresh and context loops (after `warmupS` discarded). */
  authDurationS: number;
  /** Concurrent clients of the login, refresh and context loops. */
  authConnections: number;
  /** Interleaved rounds of the login, refresh and context loops (medians over them). */
  authRounds: number;
  /** Distinct tokens the `-distinct` targets cycle through (0: no such targets). */
  tokens: number;
}

/** Reads BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_TARGETS, BENCH_NGINX_KEEPALIVE, BENCH_QUIET_WAIT, BENCH_MICRO, BENCH_AUTH_DURATION, BENCH_AUTH_CONNECTIONS, BENCH_AUTH_ROUNDS, BENCH_TOKENS. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    rounds: int(env.BENCH_ROUNDS, 3, 'BENCH_ROUNDS', 0),
    durationS: int(env.BENCH_DURATION, 5, 'BENCH_DURATION'),
    warmupS: int(env.BENCH_WARMUP, 2, 'BENCH_WARMUP', 0),
    connections: list(env.BENCH_CONNECTIONS, ['32', '128']).map((c) =>
      int(c, 0, 'BENCH_CONNECTIONS'),
    ),
    only: list(env.BENCH_TARGETS, []),
    nginxKeepalive: int(env.BENCH_NGINX_KEEPALIVE, 64, 'BENCH_NGINX_KEEPALIVE'),
    quietWaitS: int(env.BENCH_QUIET_WAIT, 60, 'BENCH_QUIET_WAIT', 0),
    microS: int(env.BENCH_MICRO, 2, 'BENCH_MICRO', 0),
    authDurationS: int(env.BENCH_AUTH_DURATION, 10, 'BENCH_AUTH_DURATION'),
    authConnections: int(env.BENCH_AUTH_CONNECTIONS, 32, 'BENCH_AUTH_CONNECTIONS'),
    authRounds: int(env.BENCH_AUTH_ROUNDS, 1, 'BENCH_AUTH_ROUNDS'),
    tokens: int(env.BENCH_TOKENS, 20_000, 'BENCH_TOKENS', 0),
  };
}

function int(text: string | undefined, fallback: number, name: string, min = 1): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}, got "${text}"`);
  return value;
}

function list(text: string | undefined, fallback: string[]): string[] {
  if (!text) return fallback;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
