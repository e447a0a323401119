import type { AuthLoadResult } from './auth-load.js';
import { renderAuthLoads } from './auth-table.js';
import { renderClusterComparison, type ClusterComparison } from './cluster-comparison.js';
import { renderAuthGoals, renderGoals, type AuthGoalResult, type GoalResult } from './goals.js';
import type { BenchSettings } from './settings.js';
import type { Row } from './summarise.js';
import { renderCacheCounts, renderRedisRatios, renderTable } from './table.js';
import { renderWorkersScaling, type WorkersScaling } from './workers-scaling.js';

/**
 * Prints what the load measured, in order: the table, gatehouse's cache hits and misses, the Redis
 * targets' ratios, workers 2 vs 1, the goals, the login/refresh/context loops and their goals, and
 * the Cluster vs standalone comparison.
 */
export function printResults(results: {
  rows: readonly Row[];
  goals: readonly GoalResult[];
  authGoals: readonly AuthGoalResult[];
  workers: readonly WorkersScaling[];
  auth: readonly AuthLoadResult[];
  clusterVsStandalone: readonly ClusterComparison[];
  settings: BenchSettings;
  redis: string | undefined;
  cluster: string | undefined;
  cores: { servers: number; wrk: number; workers: readonly number[] };
}): void {
  const { rows, settings, redis, cluster, cores } = results;
  if (rows.length > 0) {
    console.log(`\n${renderTable(rows)}\n`);
    console.log(
      `median of ${settings.rounds} rounds x ${settings.durationS}s, wrk -t1 on core ${cores.wrk}, ` +
        `every server on core ${cores.servers} (the w1/w2 gatehouses on cores ${cores.workers.join(',')}); ` +
        `nginx upstream keepalive ${settings.nginxKeepalive}` +
        (redis ? `; Redis: ${redis}` : '') +
        (cluster ? `; Cluster: ${cluster}` : ''),
    );
    const cache = renderCacheCounts(rows);
    if (cache) console.log(`\n${cache}`);
    const ratios = renderRedisRatios(rows, settings.connections);
    if (ratios) console.log(`\n${ratios}`);
    const scaling = renderWorkersScaling(results.workers, cores);
    if (scaling) console.log(`\n${scaling}`);
    console.log(`\n${renderGoals(results.goals)}\n`);
  }
  if (results.auth.length > 0)
    console.log(`${renderAuthLoads(results.auth, { redis, cluster })}\n`);
  if (rows.length > 0 || results.auth.length > 0)
    console.log(`${renderAuthGoals(results.authGoals)}\n`);
  const comparison = renderClusterComparison(results.clusterVsStandalone, { redis, cluster });
  if (comparison) console.log(`${comparison}\n`);
}
