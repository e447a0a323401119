import { cacheDelta, readCacheCounts, type CacheCounts } from './cache-metrics.js';
import { childGroups } from './children.js';
import { cpuSnapshot, foreignCores, waitForQuiet } from './cpu-noise.js';
import type { BenchSettings } from './settings.js';
import type { Target, TargetName } from './targets.js';
import { groupsCpu, type WindowCpuGroups } from './window-cpu.js';
import { errorCount, runWrk, type WrkResult } from './wrk.js';

/** One wrk run of one target at one connection count. */
export interface Measurement {
  target: TargetName;
  connections: number;
  round: number;
  result: WrkResult;
  /** CPU (in cores) used by processes other than the bench's during the run; undefined off Linux. */
  otherCpu: number | undefined;
  /**
   * CPU (in cores) the target's own processes (all its workers) used during the run, for the
   * targets that name their process group (`Target.serverGroup`); undefined for the others.
   */
  serverCpu: number | undefined;
  /** Likewise for its Redis processes (`Target.storeGroups`: the bench's own Redis or Cluster). */
  storeCpu: number | undefined;
  /** How gatehouse's verified-token cache counters moved during the run (`Target.cacheMetricsUrl`). */
  cache?: CacheCounts;
  /** Time spent waiting for a quiet machine before the run (and before a re-run). */
  waitedMs: number;
  /** The first run was noisy and this is the quieter of it and one re-run. */
  rerun: boolean;
}

/** Other processes using more than this (cores) make the machine "not quiet". */
export const QUIET_CORES = 0.1;

/**
 * Interleaves the targets: each round measures every target at every connection count once, so
 * slow drift spreads over all of them; the order rotates each round, and round 1 warms each
 * target up (JIT, pools) with a discarded run. Other work on the machine (a test run, a
 * type-check) skews whatever runs beside it, so each measurement first waits for the other
 * processes to go quiet, and a noisy one is run once more; waits and re-runs share one budget
 * (`quietWaitS`), which keeps the whole run bounded. A distinct-token target's next run starts in
 * its tokens file where the previous one stopped, so gatehouse's cache (smaller than the file)
 * never holds the token a run starts with.
 */
export async function runRounds(
  targets: readonly Target[],
  settings: BenchSettings,
  cpu: number,
  onMeasurement: (m: Measurement, index: number, total: number) => void,
  budget: QuietBudget = { remainingMs: settings.quietWaitS * 1000 },
): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  const total = settings.rounds * targets.length * settings.connections.length;
  /** Per distinct-token target: the line of its tokens file its next run starts at. */
  const nextToken = new Map<TargetName, number>();
  for (let round = 1; round <= settings.rounds; round++) {
    const shift = (round - 1) % targets.length;
    const order = [...targets.slice(shift), ...targets.slice(0, shift)];
    for (const target of order) {
      const load = (connections: number, durationS: number) =>
        loadOnce(target, { connections, durationS, cpu }, nextToken);
      if (round === 1 && settings.warmupS > 0) {
        const warm = await load(Math.max(...settings.connections), settings.warmupS);
        if (errorCount(warm.result) > 0)
          process.stderr.write(`  warm-up of ${target.name} had errors\n`);
      }
      for (const connections of settings.connections) {
        const run = () =>
          quietRun(() => load(connections, settings.durationS), budget, {
            server: target.serverGroup,
            store: target.storeGroups,
          });
        let m = await run();
        const durationMs = settings.durationS * 1000;
        if ((m.otherCpu ?? 0) > QUIET_CORES && budget.remainingMs >= durationMs) {
          budget.remainingMs -= durationMs;
          const again = await run();
          const waitedMs = m.waitedMs + again.waitedMs;
          m = { ...((again.otherCpu ?? 0) < (m.otherCpu ?? 0) ? again : m), waitedMs, rerun: true };
        }
        const { result, cache } = m.result;
        const measurement = { target: target.name, connections, round, ...m, result, cache };
        measurements.push(measurement);
        onMeasurement(measurement, measurements.length, total);
      }
    }
  }
  return measurements;
}

/**
 * One wrk run of `target`; with a tokens file it starts at the target's next token and moves that
 * past every token the run can have used (one per answered or failed request, one in flight per
 * connection, and wrk's own trial call). For a gatehouse target, also how its cache counters moved.
 */
async function loadOnce(
  target: Target,
  opts: { connections: number; durationS: number; cpu: number },
  nextToken: Map<TargetName, number>,
): Promise<{ result: WrkResult; cache: CacheCounts | undefined }> {
  const start = nextToken.get(target.name) ?? 0;
  const metrics = target.cacheMetricsUrl;
  const before = metrics ? await readCacheCounts(metrics) : undefined;
  const result = await runWrk({
    url: target.url,
    headers: target.headers,
    ...opts,
    tokens: target.tokensFile ? { file: target.tokensFile, start } : undefined,
  });
  // wrk calls request() once before the load to check it (one token), then once per request sent.
  const sent = 1 + result.requests + errorCount(result) + opts.connections;
  nextToken.set(target.name, start + sent);
  const cache = metrics && before ? cacheDelta(before, await readCacheCounts(metrics)) : undefined;
  return { result, cache };
}

/** Milliseconds left for waiting for quiet and re-running, shared by everything measured. */
export interface QuietBudget {
  remainingMs: number;
}

/**
 * One load run once the other processes are quiet (or the budget is spent), with their CPU and
 * the CPU of the `groups` given (in cores; undefined when not given).
 */
export async function quietRun<T>(
  load: () => Promise<T>,
  budget: QuietBudget,
  groups: WindowCpuGroups = {},
): Promise<{
  result: T;
  otherCpu: number | undefined;
  serverCpu: number | undefined;
  storeCpu: number | undefined;
  waitedMs: number;
  rerun: boolean;
}> {
  const ours = childGroups();
  const waitedMs = await waitForQuiet(ours, QUIET_CORES, budget);
  const before = cpuSnapshot(ours);
  const result = await load();
  const after = cpuSnapshot(ours);
  return {
    result,
    otherCpu: foreignCores(before, after),
    ...groupsCpu(before, after, groups),
    waitedMs,
    rerun: false,
  };
}
