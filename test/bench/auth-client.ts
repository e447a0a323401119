// The load loop of the login and refresh benchmarks, run by auth-load.ts as its own process on
// the load core (as wrk is): `connections` virtual clients, each one request at a time on its own
// keep-alive connection, for `warmupS` discarded seconds and then `durationS` measured ones.
//   login:   POST /auth/login as the demo user, again and again.
//   refresh: each client logs in once (refresh_token_in_body), then POST /auth/refresh with its
//            current refresh token in the JSON body; every answer carries the next one. A client
//            whose refresh fails logs in again (`relogins`) and goes on.
//   context: each client logs in once, then PATCH /auth/session/context (a JSON merge patch of
//            one counter) on its own session with its access token: a context read and a
//            compare-and-set write in the store per request.
// Prints one JSON line (AuthClientResult). Alone:
//   node --import tsx test/bench/auth-client.ts '{"base":"http://127.0.0.1:8080","kind":"login",
//     "connections":32,"warmupS":2,"durationS":10}'
import { Pool } from 'undici';
import { measureWindowCpu, type WindowCpuGroups } from './window-cpu.js';

/** What the loop is asked to do (argv[2], JSON). */
export interface AuthClientOptions {
  base: string;
  kind: 'login' | 'refresh' | 'context';
  connections: number;
  warmupS: number;
  durationS: number;
  /** The gatehouse's and its Redis's process groups, whose CPU the measured window reads. */
  cpuGroups?: WindowCpuGroups;
}

/** What it measured: requests answered within the measured window. */
export interface AuthClientResult {
  /** Answered in the window, whatever the status (as wrk counts). */
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Any answer but 2xx. */
  non2xx: number;
  /** Requests that got no answer (connection errors, timeouts). */
  socketErrors: number;
  /** Answers by status, e.g. { "200": 812 }. */
  statuses: Record<string, number>;
  /** Cores the gatehouse (all its processes) used in the measured window; undefined: unknown. */
  serverCpu: number | undefined;
  /** Cores its Redis processes used in the measured window. */
  storeCpu: number | undefined;
  /** Refresh or context clients that had to log in again (after a failed first login), in the window. */
  relogins: number;
}

const DEMO = { username: 'demo', password: 'demo-password' };
const TIMEOUT_MS = 30_000;

async function main(options: AuthClientOptions): Promise<AuthClientResult> {
  const pool = new Pool(options.base, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
  });
  const post = async (path: string, body: unknown) => {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  const patchContext = async (accessToken: string, n: number) => {
    const res = await pool.request({
      path: '/auth/session/context',
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ n }),
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  /** A fresh session's access token, or undefined. */
  const loginForContext = async (): Promise<string | undefined> => {
    try {
      const res = await post('/auth/login', DEMO);
      if (res.status !== 200) return undefined;
      return (JSON.parse(res.text) as { access_token?: string }).access_token;
    } catch {
      return undefined;
    }
  };
  /** A fresh session's refresh token (login with refresh_token_in_body), or undefined. */
  const loginForRefresh = async (): Promise<string | undefined> => {
    try {
      const res = await post('/auth/login', { ...DEMO, refresh_token_in_body: true });
      if (res.status !== 200) return undefined;
      return (JSON.parse(res.text) as { refresh_token?: string }).refresh_token;
    } catch {
      return undefined;
    }
  };

  // Refresh and context: one login per client before the clock starts (scrypt: a few seconds).
  const refreshTokens: Array<string | undefined> = [];
  const accessTokens: Array<string | undefined> = [];
  if (options.kind !== 'login') {
    const tokens = options.kind === 'refresh' ? refreshTokens : accessTokens;
    const login = options.kind === 'refresh' ? loginForRefresh : loginForContext;
    tokens.push(...(await Promise.all(Array.from({ length: options.connections }, login))));
    const failed = tokens.filter((t) => t === undefined).length;
    if (failed === options.connections) throw new Error('no client could log in');
  }

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let socketErrors = 0;
  let relogins = 0;
  const start = performance.now();
  const measureFrom = start + options.warmupS * 1000;
  const end = measureFrom + options.durationS * 1000;
  const inWindow = (t: number) => t >= measureFrom && t <= end;
  const cpu = measureWindowCpu(options.cpuGroups ?? {}, measureFrom, end);

  async function client(index: number): Promise<void> {
    let refreshToken = refreshTokens[index];
    let accessToken = accessTokens[index];
    let n = 0;
    while (performance.now() < end) {
      if (options.kind === 'refresh' && refreshToken === undefined) {
        refreshToken = await loginForRefresh();
        if (inWindow(performance.now())) relogins++;
        if (refreshToken === undefined) await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (options.kind === 'context' && accessToken === undefined) {
        accessToken = await loginForContext();
        if (inWindow(performance.now())) relogins++;
        if (accessToken === undefined) await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const sent = performance.now();
      let status = 0;
      try {
        const res =
          options.kind === 'login'
            ? await post('/auth/login', DEMO)
            : options.kind === 'refresh'
              ? await post('/auth/refresh', { refresh_token: refreshToken })
              : await patchContext(accessToken!, ++n);
        status = res.status;
        if (options.kind === 'refresh') {
          refreshToken =
            status === 200
              ? (JSON.parse(res.text) as { refresh_token?: string }).refresh_token
              : undefined;
        }
      } catch {
        if (options.kind === 'refresh') refreshToken = undefined;
      }
      const answered = performance.now();
      if (!inWindow(answered)) continue;
      if (status === 0) {
        socketErrors++;
        continue;
      }
      latencies.push(answered - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }

  await Promise.all(Array.from({ length: options.connections }, (_, i) => client(i)));
  await pool.close();
  const sorted = latencies.sort((a, b) => a - b);
  // Nearest rank: the smallest latency with at least q of the answers at or below it.
  const at = (q: number) =>
    sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! : Number.NaN;
  const requests = sorted.length;
  return {
    requests,
    rps: requests / options.durationS,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    non2xx: Object.entries(statuses)
      .filter(([status]) => !status.startsWith('2'))
      .reduce((sum, [, n]) => sum + n, 0),
    socketErrors,
    statuses,
    ...cpu.result(),
    relogins,
  };
}

const options = JSON.parse(process.argv[2] ?? '{}') as AuthClientOptions;
main(options).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error: unknown) => {
    process.stderr.write(`auth-client: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
