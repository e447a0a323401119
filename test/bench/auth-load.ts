import { join } from 'node:path';
import type { AuthClientOptions, AuthClientResult } from './auth-client.js';
import { runPinned } from './children.js';
import { QUIET_CORES, quietRun, type QuietBudget } from './rounds.js';
import { median } from './summarise.js';
import { AUTH_LOADS, type AuthLoadName } from './targets.js';
import type { WindowCpuGroups } from './window-cpu.js';

/** Where the loops of each store go: its mirror process, and the groups whose CPU is measured. */
export type AuthBases = Partial<
  Record<'redis' | 'cluster', { base: string; groups: WindowCpuGroups }>
>;

/** One run of one loop. */
export interface AuthRun extends AuthClientResult {
  round: number;
  /** Cores' worth of CPU other processes used during the run kept (undefined off Linux). */
  otherCpu: number | undefined;
  waitedMs: number;
  /** The first run was noisy and this is the quieter of it and one re-run. */
  rerun: boolean;
}

/** One login, refresh or context loop, as reported: medians over its quiet runs. */
export interface AuthLoadResult {
  name: AuthLoadName;
  connections: number;
  durationS: number;
  runs: number;
  /** Runs the medians are taken over: the quiet ones, or all when none was quiet. */
  used: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Over every run, like the counts below. */
  requests: number;
  non2xx: number;
  socketErrors: number;
  statuses: Record<string, number>;
  relogins: number;
  /** Median over the runs used. */
  otherCpu: number | undefined;
  /** The gatehouse's and its Redis's CPU per request in µs (medians over the runs used). */
  cpuUsPerRequest: number | undefined;
  storeUsPerRequest: number | undefined;
  waitedMs: number;
  reruns: number;
  samples: AuthRun[];
}

/**
 * Runs auth-client.ts, pinned to `cpu`, for each selected loop against the base of its store,
 * in `rounds` interleaved rounds (order rotated each round), each run once the other processes
 * are quiet; a noisy run is run once more while the shared quiet budget lasts, keeping the
 * quieter one.
 */
export async function runAuthLoads(opts: {
  names: readonly AuthLoadName[];
  bases: AuthBases;
  rounds: number;
  repoRoot: string;
  connections: number;
  warmupS: number;
  durationS: number;
  cpu: number;
  budget: QuietBudget;
  onRun?: (name: AuthLoadName, run: AuthRun) => void;
}): Promise<AuthLoadResult[]> {
  const samples = new Map<AuthLoadName, AuthRun[]>(opts.names.map((name) => [name, []]));
  for (let round = 1; round <= opts.rounds; round++) {
    const shift = (round - 1) % opts.names.length;
    for (const name of [...opts.names.slice(shift), ...opts.names.slice(0, shift)]) {
      const { kind, store } = AUTH_LOADS[name];
      const target = opts.bases[store];
      if (!target) throw new Error(`${name}: no gatehouse on the ${store} store was started`);
      const clientOptions: AuthClientOptions = {
        base: target.base,
        kind,
        connections: opts.connections,
        warmupS: opts.warmupS,
        durationS: opts.durationS,
        cpuGroups: target.groups,
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
      const { result, otherCpu, waitedMs, rerun } = m;
      const sample = { ...result, round, otherCpu, waitedMs, rerun };
      samples.get(name)!.push(sample);
      opts.onRun?.(name, sample);
    }
  }
  return opts.names.map((name) => summariseLoad(name, samples.get(name)!, opts));
}

function summariseLoad(
  name: AuthLoadName,
  runs: AuthRun[],
  opts: { connections: number; durationS: number },
): AuthLoadResult {
  const quiet = runs.filter((r) => (r.otherCpu ?? 0) <= QUIET_CORES);
  const used = quiet.length > 0 ? quiet : runs;
  const other = used.flatMap((r) => (r.otherCpu === undefined ? [] : [r.otherCpu]));
  const statuses: Record<string, number> = {};
  for (const run of runs)
    for (const [status, n] of Object.entries(run.statuses))
      statuses[status] = (statuses[status] ?? 0) + n;
  const sum = (pick: (r: AuthRun) => number) => runs.reduce((total, r) => total + pick(r), 0);
  // Per run (the CPU of its measured window over its requests), then the median.
  const perRequest = (cpu: (r: AuthRun) => number | undefined) => {
    const us = used.flatMap((r) => {
      const cores = cpu(r);
      return cores === undefined || r.rps === 0 ? [] : [(cores * 1e6) / r.rps];
    });
    return us.length ? median(us) : undefined;
  };
  return {
    name,
    connections: opts.connections,
    durationS: opts.durationS,
    runs: runs.length,
    used: used.length,
    rps: median(used.map((r) => r.rps)),
    p50Ms: median(used.map((r) => r.p50Ms)),
    p99Ms: median(used.map((r) => r.p99Ms)),
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    socketErrors: sum((r) => r.socketErrors),
    statuses,
    relogins: sum((r) => r.relogins),
    otherCpu: other.length ? median(other) : undefined,
    cpuUsPerRequest: perRequest((r) => r.serverCpu),
    storeUsPerRequest: perRequest((r) => r.storeCpu),
    waitedMs: sum((r) => r.waitedMs),
    reruns: runs.filter((r) => r.rerun).length,
    samples: runs,
  };
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
    // The refresh and context clients' logins come first (scrypt, ~0.1 s of the server's core each).
    timeoutMs: (options.warmupS + options.durationS + 120) * 1000,
  });
  if (code !== 0) throw new Error(`auth-client (${options.kind}) exited with ${code}:\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AuthClientResult;
}
