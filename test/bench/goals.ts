import type { AuthLoadResult } from './auth-load.js';
import { formatMs } from './format-ms.js';
import type { Row } from './summarise.js';
import type { AuthLoadName, TargetName } from './targets.js';

/** gatehouse's throughput goals, each checked at every connection count. */
const GOALS: ReadonlyArray<{ subject: TargetName; baseline: TargetName; factor: number }> = [
  { subject: 'gatehouse-token', baseline: 'fastify-jwt', factor: 2 },
  { subject: 'gatehouse-token', baseline: 'fastify', factor: 1 },
  { subject: 'gatehouse-public', baseline: 'fastify', factor: 1.2 },
  // Issue #4: with a revocation mirror, a `session` route costs (almost) no more than `token`.
  { subject: 'gatehouse-session-mirror', baseline: 'gatehouse-redis-token', factor: 0.95 },
  // Issue #13: every token a new one (cache misses throughout), against peers that never cache.
  { subject: 'gatehouse-token-distinct', baseline: 'haproxy-jwt-distinct', factor: 1 },
  { subject: 'gatehouse-token-distinct', baseline: 'fastify-jwt-distinct', factor: 1.5 },
  // ... and with one token (the cache hits), against HAProxy and nginx (no auth at all).
  { subject: 'gatehouse-token', baseline: 'haproxy-jwt', factor: 1.3 },
  { subject: 'gatehouse-token', baseline: 'nginx', factor: 0.35 },
  // The store reads of `context` and `session` (lookup) against a `token` route on the same Redis.
  { subject: 'gatehouse-context', baseline: 'gatehouse-redis-token', factor: 0.75 },
  { subject: 'gatehouse-session-lookup', baseline: 'gatehouse-redis-token', factor: 0.8 },
];

/** The login/refresh/context loops' goals: at least `minRps` and a p99 of at most `maxP99Ms`. */
const AUTH_GOALS: ReadonlyArray<{ subject: AuthLoadName; minRps: number; maxP99Ms: number }> = [
  { subject: 'gatehouse-refresh', minRps: 4000, maxP99Ms: 20 },
];

export interface GoalResult {
  goal: string;
  connections: number;
  /** subject req/s ÷ baseline req/s; undefined when either was not measured. */
  ratio: number | undefined;
  status: 'PASS' | 'FAIL' | 'SKIP';
  note: string;
}

/** PASS when subject ≥ factor × baseline (medians) and the subject had no errors. */
export function checkGoals(rows: readonly Row[], connections: readonly number[]): GoalResult[] {
  return GOALS.flatMap(({ subject, baseline, factor }) =>
    connections.map((c): GoalResult => {
      const goal = `${subject} >= ${factor}x ${baseline}`;
      const s = rows.find((r) => r.target === subject && r.connections === c);
      const b = rows.find((r) => r.target === baseline && r.connections === c);
      if (!s || !b)
        return { goal, connections: c, ratio: undefined, status: 'SKIP', note: 'not measured' };
      const ratio = s.rps / b.rps;
      const notes = [];
      if (s.non2xx + s.socketErrors > 0) notes.push(`${subject} had errors`);
      if (b.non2xx + b.socketErrors > 0) notes.push(`${baseline} had errors`);
      const pass = ratio >= factor && s.non2xx + s.socketErrors === 0;
      return {
        goal,
        connections: c,
        ratio,
        status: pass ? 'PASS' : 'FAIL',
        note: notes.join('; '),
      };
    }),
  );
}

/** One line per goal and connection count. */
export function renderGoals(results: readonly GoalResult[]): string {
  const width = Math.max(...results.map((r) => r.goal.length));
  const lines = results.map((r) => {
    const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`;
    return `  ${r.status}  ${r.goal.padEnd(width)}  c=${String(r.connections).padEnd(4)} ${ratio.padStart(6)}${r.note ? `  (${r.note})` : ''}`;
  });
  return ['targets', ...lines].join('\n');
}

export interface AuthGoalResult {
  goal: string;
  /** The loop's median req/s and p99; undefined when it was not run. */
  rps: number | undefined;
  p99Ms: number | undefined;
  status: 'PASS' | 'FAIL' | 'SKIP';
  note: string;
}

/** PASS when the loop's median req/s and p99 meet the goal and it had no errors. */
export function checkAuthGoals(results: readonly AuthLoadResult[]): AuthGoalResult[] {
  return AUTH_GOALS.map(({ subject, minRps, maxP99Ms }): AuthGoalResult => {
    const goal = `${subject} >= ${minRps} req/s, p99 <= ${maxP99Ms} ms`;
    const r = results.find((a) => a.name === subject);
    if (!r) return { goal, rps: undefined, p99Ms: undefined, status: 'SKIP', note: 'not measured' };
    const errors = r.non2xx + r.socketErrors;
    const pass = r.rps >= minRps && r.p99Ms <= maxP99Ms && errors === 0;
    const note = errors > 0 ? `${errors} errors` : '';
    return { goal, rps: r.rps, p99Ms: r.p99Ms, status: pass ? 'PASS' : 'FAIL', note };
  });
}

/** One line per loop goal, its medians beside it. */
export function renderAuthGoals(results: readonly AuthGoalResult[]): string {
  const width = Math.max(...results.map((r) => r.goal.length));
  const lines = results.map((r) => {
    const measured =
      r.rps === undefined || r.p99Ms === undefined
        ? ''
        : `${Math.round(r.rps).toLocaleString('en-US').padStart(7)} req/s, p99 ${formatMs(r.p99Ms)}`;
    return `  ${r.status}  ${r.goal.padEnd(width)}  ${measured}${r.note ? `  (${r.note})` : ''}`;
  });
  return ['loops', ...lines].join('\n');
}
