import { addCacheCounts, type CacheCounts } from './cache-metrics.js';
import { QUIET_CORES, type Measurement } from './rounds.js';
import { REDIS_TARGET_NAMES, type TargetName } from './targets.js';
import { errorCount } from './wrk.js';

/** One table row: a target at one connection count, medians over its quiet runs. */
export interface Row {
  target: TargetName;
  connections: number;
  runs: number;
  /** Runs the medians are taken over: the quiet ones, or all when none was quiet. */
  used: number;
  rps: number;
  /** (max − min) / median of req/s over the runs used. */
  spread: number;
  p50Ms: number;
  p99Ms: number;
  /** req/s relative to nginx at the same connection count; undefined without nginx. */
  vsNginx: number | undefined;
  /**
   * Redis-backed targets only: req/s relative to gatehouse-redis-token (same Redis, a `token`
   * route) at the same connection count; undefined for the others or without that target.
   */
  vsRedisToken: number | undefined;
  non2xx: number;
  socketErrors: number;
  /** Median CPU (cores) other processes on the machine used during the runs used. */
  otherCpu: number | undefined;
  /** Targets that name their server's process group: its median CPU (cores) over the runs used. */
  serverCores: number | undefined;
  /** serverCores ÷ req/s: the server's CPU per request, in µs (all its processes). */
  cpuUsPerRequest: number | undefined;
  /** Its Redis processes' CPU per request, in µs (targets that name them). */
  storeUsPerRequest: number | undefined;
  /** gatehouse targets: its verified-token cache's hits, misses and evictions over every run. */
  cache: CacheCounts | undefined;
}

/**
 * Medians per target/connection count (each column on its own), in target order. Runs that
 * other processes disturbed are left out when at least one quiet run exists; errors count
 * over every run.
 */
export function summarise(
  measurements: readonly Measurement[],
  order: readonly TargetName[],
  connections: readonly number[],
): Row[] {
  const rows: Row[] = [];
  for (const target of order) {
    for (const c of connections) {
      const picked = measurements.filter((m) => m.target === target && m.connections === c);
      if (picked.length === 0) continue;
      const quiet = picked.filter((m) => (m.otherCpu ?? 0) <= QUIET_CORES);
      const used = quiet.length > 0 ? quiet : picked;
      const runs = used.map((m) => m.result);
      const other = used.flatMap((m) => (m.otherCpu === undefined ? [] : [m.otherCpu]));
      const server = used.flatMap((m) => (m.serverCpu === undefined ? [] : [m.serverCpu]));
      // Per run, then the median: a run's CPU goes with that run's requests.
      const perRequest = (cpu: (m: Measurement) => number | undefined) =>
        used.flatMap((m) => {
          const cores = cpu(m);
          return cores === undefined ? [] : [(cores * 1e6) / m.result.rps];
        });
      const serverUs = perRequest((m) => m.serverCpu);
      const storeUs = perRequest((m) => m.storeCpu);
      const rps = median(runs.map((r) => r.rps));
      const all = picked.map((m) => m.result);
      const non2xx = sum(all.map((r) => r.non2xx));
      const caches = picked.flatMap((m) => (m.cache ? [m.cache] : []));
      rows.push({
        target,
        connections: c,
        runs: picked.length,
        used: used.length,
        rps,
        spread: (Math.max(...runs.map((r) => r.rps)) - Math.min(...runs.map((r) => r.rps))) / rps,
        p50Ms: median(runs.map((r) => r.p50Ms)),
        p99Ms: median(runs.map((r) => r.p99Ms)),
        vsNginx: undefined,
        vsRedisToken: undefined,
        non2xx,
        socketErrors: sum(all.map(errorCount)) - non2xx,
        otherCpu: other.length ? median(other) : undefined,
        serverCores: server.length ? median(server) : undefined,
        cpuUsPerRequest: serverUs.length ? median(serverUs) : undefined,
        storeUsPerRequest: storeUs.length ? median(storeUs) : undefined,
        cache: caches.length ? addCacheCounts(caches) : undefined,
      });
    }
  }
  for (const row of rows) {
    const nginx = rows.find((r) => r.target === 'nginx' && r.connections === row.connections);
    row.vsNginx = nginx ? row.rps / nginx.rps : undefined;
    const redisToken = rows.find(
      (r) => r.target === REDIS_TARGET_NAMES[0] && r.connections === row.connections,
    );
    if (redisToken && REDIS_TARGET_NAMES.includes(row.target))
      row.vsRedisToken = row.rps / redisToken.rps;
  }
  return rows;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
