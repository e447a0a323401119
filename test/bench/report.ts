import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchEnvironment } from './environment.js';
import type { AuthLoadResult } from './auth-load.js';
import type { ClusterComparison } from './cluster-comparison.js';
import type { GoalResult } from './goals.js';
import type { MicroResult } from './micro.js';
import type { Measurement } from './rounds.js';
import type { BenchSettings } from './settings.js';
import type { Row } from './summarise.js';
import type { Target } from './targets.js';
import type { WorkersScaling } from './workers-scaling.js';

/** Writes everything measured as JSON to `path` (test-output/bench.json). */
export function writeReport(
  path: string,
  report: {
    environment: BenchEnvironment;
    settings: BenchSettings;
    targets: readonly Target[];
    rows: readonly Row[];
    goals: readonly GoalResult[];
    /** `server.workers` 2 ÷ 1 per route and connection count, with the gatehouse CPU. */
    workers: readonly WorkersScaling[];
    /** Logins, refreshes and context patches per second on the standalone Redis and the Cluster. */
    auth: readonly AuthLoadResult[];
    /** The same operations on the Cluster ÷ on the standalone Redis. */
    clusterVsStandalone: readonly ClusterComparison[];
    /** Where the Redis-backed targets' Redis came from; undefined when none ran. */
    redis: string | undefined;
    /** The private Redis Cluster's shape; undefined when none ran. */
    cluster: string | undefined;
    micro: readonly MicroResult[];
    measurements: readonly Measurement[];
  },
): void {
  const json = {
    date: new Date().toISOString(),
    ...report,
    // Not the headers: no bearer token in a file, even a throwaway one.
    targets: report.targets.map(({ name, description, url, minProcesses }) => ({
      name,
      description,
      url,
      ...(minProcesses !== undefined && { minProcesses }),
    })),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}
