import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchEnvironment } from './environment.js';
import type { AuthLoadResult } from './auth-load.js';
import type { GoalResult } from './goals.js';
import type { MicroResult } from './micro.js';
import type { Measurement } from './rounds.js';
import type { BenchSettings } from './settings.js';
import type { Row } from './summarise.js';
import type { Target } from './targets.js';

/** Writes everything measured as JSON to `path` (test-output/bench.json). */
export function writeReport(
  path: string,
  report: {
    environment: BenchEnvironment;
    settings: BenchSettings;
    targets: readonly Target[];
    rows: readonly Row[];
    goals: readonly GoalResult[];
    /** Logins and refreshes per second against the Redis-backed gatehouse. */
    auth: readonly AuthLoadResult[];
    /** Where the Redis-backed targets' Redis came from; undefined when none ran. */
    redis: string | undefined;
    micro: readonly MicroResult[];
    measurements: readonly Measurement[];
  },
): void {
  const json = {
    date: new Date().toISOString(),
    ...report,
    // Not the headers: no bearer token in a file, even a throwaway one.
    targets: report.targets.map(({ name, description, url }) => ({ name, description, url })),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}
