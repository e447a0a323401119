import { join } from 'node:path';
import type { AuthClientOptions, AuthClientResult } from './auth-client.js';
import { runPinned } from './children.js';
import { QUIET_CORES, quietRun, type QuietBudget } from './rounds.js';
import type { AuthLoadName } from './targets.js';

/** One login or refresh benchmark, as reported. */
export interface AuthLoadResult extends AuthClientResult {
  name: AuthLoadName;
  connections: number;
  durationS: number;
  /** Cores' worth of CPU other processes used during the run kept (undefined off Linux). */
  otherCpu: number | undefined;
  waitedMs: number;
  /** The first run was noisy and this is the quieter of it and one re-run. */
  rerun: boolean;
}

const PATHS: Record<AuthLoadName, string> = {
  'gatehouse-login': 'POST /auth/login',
  'gatehouse-refresh': 'POST /auth/refresh',
};

/**
 * Runs auth-client.ts against `base` (the Redis-backed gatehouse) for each selected benchmark,
 * pinned to `cpu`, once the other processes are quiet; a noisy run is run once more while the
 * shared quiet budget lasts, keeping the quieter one.
 */
export async function runAuthLoads(opts: {
  names: readonly AuthLoadName[];
  base: string;
  repoRoot: string;
  connections: number;
  warmupS: number;
  durationS: number;
  cpu: number;
  budget: QuietBudget;
}): Promise<AuthLoadResult[]> {
  const results: AuthLoadResult[] = [];
  for (const name of opts.names) {
    const clientOptions: AuthClientOptions = {
      base: opts.base,
      kind: name === 'gatehouse-login' ? 'login' : 'refresh',
      connections: opts.connections,
      warmupS: opts.warmupS,
      durationS: opts.durationS,
    };
    const run = () => quietRun(() => runClient(clientOptions, opts), opts.budget);
    let m = await run();
    const durationMs = (opts.warmupS + opts.durationS) * 1000;
    if ((m.otherCpu ?? 0) > QUIET_CORES && opts.budget.remainingMs >= durationMs) {
      opts.budget.remainingMs -= durationMs;
      const again = await run();
      const waitedMs = m.waitedMs + again.waitedMs;
      m = { ...((again.otherCpu ?? 0) < (m.otherCpu ?? 0) ? again : m), waitedMs, rerun: true };
    }
    results.push({
      name,
      connections: opts.connections,
      durationS: opts.durationS,
      ...m.result,
      otherCpu: m.otherCpu,
      waitedMs: m.waitedMs,
      rerun: m.rerun,
    });
  }
  return results;
}

async function runClient(
  options: AuthClientOptions,
  opts: { repoRoot: string; cpu: number },
): Promise<AuthClientResult> {
  const { code, stdout, stderr } = await runPinned({
    command: process.execPath,
    args: ['--import', 'tsx', join(import.meta.dirname, 'auth-client.ts'), JSON.stringify(options)],
    cpu: opts.cpu,
    cwd: opts.repoRoot, // where `tsx` resolves from
    // The refresh clients' logins come first (scrypt, ~0.1 s of the server's core each).
    timeoutMs: (options.warmupS + options.durationS + 120) * 1000,
  });
  if (code !== 0) throw new Error(`auth-client (${options.kind}) exited with ${code}:\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AuthClientResult;
}

/** The lines `npm run bench` prints; errors are flagged with "!". */
export function renderAuthLoads(results: readonly AuthLoadResult[], redisSource: string): string {
  if (results.length === 0) return '';
  const first = results[0]!;
  const lines = results.map((r) => {
    const errors = r.non2xx + r.socketErrors;
    const statuses = Object.entries(r.statuses)
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, n]) => `${n}x HTTP ${status}`);
    if (r.socketErrors) statuses.push(`${r.socketErrors} socket`);
    if (r.relogins) statuses.push(`${r.relogins} re-logins`);
    return [
      `  ${PATHS[r.name].padEnd(19)}`,
      `${r.rps.toFixed(r.rps < 100 ? 1 : 0).padStart(8)} req/s`,
      `  p50 ${ms(r.p50Ms).padStart(8)}  p99 ${ms(r.p99Ms).padStart(8)}`,
      `  (${r.requests} answers)`,
      r.otherCpu === undefined
        ? ''
        : `  other cpu ${Math.round(r.otherCpu * 100)}%${r.otherCpu > QUIET_CORES ? ' ~' : ''}`,
      r.rerun ? ' (re-run)' : '',
      errors ? `  ! ${errors} errors: ${statuses.join(', ')}` : '  errors 0',
    ].join('');
  });
  return [
    `login and refresh, gatehouse on Redis (mirror, ${redisSource}): ${first.connections} clients ` +
      `on one core, ${first.durationS}s each after a discarded warm-up`,
    ...lines,
    ...(results.some((r) => r.non2xx + r.socketErrors > 0)
      ? ['  ! non-2xx answers or failed requests: those figures are not comparable']
      : []),
  ].join('\n');
}

function ms(value: number): string {
  if (Number.isNaN(value)) return '-';
  return value < 10
    ? `${value.toFixed(2)}ms`
    : value < 1000
      ? `${value.toFixed(1)}ms`
      : `${Math.round(value)}ms`;
}
