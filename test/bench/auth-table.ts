import type { AuthLoadResult, AuthRun } from './auth-load.js';
import { formatMs } from './format-ms.js';
import { QUIET_CORES } from './rounds.js';
import { AUTH_LOADS, type AuthLoadName } from './targets.js';

const PATHS = {
  login: 'POST /auth/login',
  refresh: 'POST /auth/refresh',
  context: 'PATCH /auth/session/context',
} as const;

/** The lines `npm run bench` prints for the login, refresh and context loops; errors flagged "!". */
export function renderAuthLoads(
  results: readonly AuthLoadResult[],
  sources: Partial<Record<'redis' | 'cluster', string>>,
): string {
  if (results.length === 0) return '';
  const first = results[0]!;
  const lines = results.map((r) => {
    const { kind, store } = AUTH_LOADS[r.name];
    const errors = r.non2xx + r.socketErrors;
    const statuses = Object.entries(r.statuses)
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, n]) => `${n}x HTTP ${status}`);
    if (r.socketErrors) statuses.push(`${r.socketErrors} socket`);
    if (r.relogins) statuses.push(`${r.relogins} re-logins`);
    return [
      `  ${PATHS[kind].padEnd(27)} ${store.padEnd(7)}`,
      `  runs ${(r.used === r.runs ? String(r.runs) : `${r.used}/${r.runs}`).padStart(3)}`,
      `${r.rps.toFixed(r.rps < 100 ? 1 : 0).padStart(8)} req/s`,
      `  p50 ${formatMs(r.p50Ms).padStart(8)}  p99 ${formatMs(r.p99Ms).padStart(8)}`,
      `  (${r.requests} answers)`,
      r.otherCpu === undefined
        ? ''
        : `  other cpu ${Math.round(r.otherCpu * 100)}%${r.otherCpu > QUIET_CORES ? ' ~' : ''}`,
      r.reruns ? ` (${r.reruns} re-run)` : '',
      errors ? `  ! ${errors} errors: ${statuses.join(', ')}` : '  errors 0',
    ].join('');
  });
  const stores = (['redis', 'cluster'] as const)
    .filter((store) => results.some((r) => AUTH_LOADS[r.name].store === store))
    .map((store) => `${store}: ${sources[store] ?? '?'}`);
  return [
    `login, refresh and context loops, gatehouse mirror process (${stores.join('; ')}): ` +
      `${first.connections} clients on one core, ${first.durationS}s a run after a discarded ` +
      `warm-up, median of ${Math.max(...results.map((r) => r.runs))} rounds`,
    ...lines,
    ...(results.some((r) => r.non2xx + r.socketErrors > 0)
      ? ['  ! non-2xx answers or failed requests: those figures are not comparable']
      : []),
  ].join('\n');
}

/** One line per run while the loops run. */
export function renderAuthProgress(name: AuthLoadName, run: AuthRun): string {
  const errors = run.non2xx + run.socketErrors;
  return [
    `  round ${run.round}  ${name.padEnd(32)}`,
    `${run.rps.toFixed(run.rps < 100 ? 1 : 0).padStart(8)} req/s  p99 ${formatMs(run.p99Ms)}`,
    run.otherCpu === undefined ? '' : `  other cpu ${Math.round(run.otherCpu * 100)}%`,
    run.rerun ? ' (re-run)' : '',
    errors ? `  ! ${errors} errors` : '',
  ].join('');
}
