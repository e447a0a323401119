// `npm run bench`: mints the run's ES256 tokens with one key, starts the upstream, nginx, two
// fastify peers, HAProxy (jwt_verify), gatehouse (memory store, the same key), the
// Redis-backed gatehouses (revocation mirror and lookup on a standalone Redis, mirror on a private
// Redis Cluster) with their Redis on core 0, and two more with `server.workers` 1 and 2 on cores
// 0-1; loads each with wrk from core 1 in interleaved rounds, prints medians, the Redis targets'
// ratios, workers 2 ÷ 1 and the throughput goals, then logins, refreshes and context patches per
// second on both stores and Cluster ÷ standalone, the token-verification micro benchmarks, the
// revocation propagation delay across two instances and the mirror's memory; writes everything to
// test-output/bench.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkTargets } from './check-targets.js';
import { installChildCleanup, stopAllChildren } from './children.js';
import { describeEnvironment } from './environment.js';
import { checkAuthGoals, checkGoals } from './goals.js';
import { renderMicro, runMicro, type MicroResult } from './micro.js';
import { preflight } from './preflight.js';
import { writeReport } from './report.js';
import { runRounds } from './rounds.js';
import { readSettings, type BenchSettings } from './settings.js';
import { summarise } from './summarise.js';
import { renderProgress } from './table.js';
import { runAuthLoads, type AuthLoadResult } from './auth-load.js';
import { renderAuthProgress } from './auth-table.js';
import { compareCluster } from './cluster-comparison.js';
import { printResults } from './print-results.js';
import { cleanUpSharedRedis } from './redis.js';
import {
  propagationTrials,
  renderPropagation,
  runRevocationPropagation,
  type PropagationResult,
} from './revocation-propagation.js';
import { startTargets } from './start-targets.js';
import { AUTH_LOAD_NAMES } from './targets.js';
import { renderMirrorMemory, runMirrorMemory, type MirrorMemoryResult } from './mirror-memory.js';
import { compareWorkers } from './workers-scaling.js';

const SERVER_CPU = 0;
const WRK_CPU = 1;
/** The workers targets' gatehouse (1 and 2 workers alike): both cores, shared with wrk and the rest. */
const WORKERS_CPUS = [SERVER_CPU, WRK_CPU];
const benchDir = import.meta.dirname;
const repoRoot = resolve(benchDir, '../..');

async function main(): Promise<number> {
  const settings = readSettings();
  const problems = settings.rounds > 0 ? preflight(benchDir, settings.only, settings.tokens) : [];
  if (problems.length) {
    process.stderr.write(`bench: cannot run:\n  ${problems.join('\n  ')}\n`);
    return 2;
  }
  installChildCleanup();
  const started = Date.now();
  const environment = describeEnvironment();
  const { node, nginx, haproxy, wrk, cores, cpu } = environment;
  console.log(
    `gatehouse bench: node ${node}, nginx ${nginx}, haproxy ${haproxy}, ${wrk}, ${cores}x ${cpu}`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  let keepDir = Boolean(process.env.BENCH_KEEP);
  process.once('exit', () => keepDir || rmSync(dir, { recursive: true, force: true })); // Ctrl-C too
  let loaded: Awaited<ReturnType<typeof runLoad>> = {
    targets: [],
    measurements: [],
    auth: [],
    redis: undefined,
    cluster: undefined,
  };
  if (settings.rounds > 0) {
    try {
      loaded = await runLoad(dir, settings);
    } catch (error) {
      keepDir = true;
      process.stderr.write(`\nbench: ${(error as Error).message}\n(logs and configs in ${dir})\n`);
      return 1;
    } finally {
      await stopAllChildren();
      await cleanUpSharedRedis();
    }
    if (keepDir) console.log(`configs and server logs kept in ${dir}`);
  }
  const { targets, measurements, auth, redis, cluster } = loaded;
  const names = targets.map((t) => t.name);
  const rows = summarise(measurements, names, settings.connections);
  const goals = checkGoals(rows, settings.connections);
  const authGoals = checkAuthGoals(auth);
  const workers = compareWorkers(rows, settings.connections);
  const clusterVsStandalone = compareCluster(rows, auth);
  printResults({
    rows,
    goals,
    authGoals,
    workers,
    auth,
    clusterVsStandalone,
    settings,
    redis,
    cluster,
    cores: { servers: SERVER_CPU, wrk: WRK_CPU, workers: WORKERS_CPUS },
  });
  const micro = await runMicroSafely(settings.microS);
  const propagation = await runPropagationSafely(propagationTrials());
  const mirrorMemory = await runMirrorMemorySafely(Number(process.env.BENCH_MIRROR_ENTRIES ?? 1e6));

  const report = {
    environment,
    settings,
    targets,
    rows,
    goals,
    authGoals,
    workers,
    auth,
    clusterVsStandalone,
    redis,
    cluster,
    micro,
    measurements,
    propagation,
    mirrorMemory,
  };
  writeReport(join(repoRoot, 'test-output/bench.json'), report);
  console.log(`wrote test-output/bench.json (${Math.round((Date.now() - started) / 1000)}s)`);
  return 0;
}

/** Starts every target, checks it answers correctly, and measures it in rounds. */
async function runLoad(dir: string, settings: BenchSettings) {
  const { targets, upstreamUrl, badTokens, redis, cluster, authBases } = await startTargets({
    repoRoot,
    dir,
    only: settings.only,
    nginxKeepalive: settings.nginxKeepalive,
    cpu: SERVER_CPU,
    workersCpus: WORKERS_CPUS,
    tokens: settings.tokens,
  });
  await checkTargets(targets, upstreamUrl, badTokens);
  const authNames = AUTH_LOAD_NAMES.filter(
    (name) => settings.only.length === 0 || settings.only.includes(name),
  );
  const perRound = settings.durationS * targets.length * settings.connections.length;
  const authS =
    settings.authRounds * authNames.length * (settings.warmupS + settings.authDurationS);
  const loadS = settings.rounds * perRound + settings.warmupS * targets.length + authS;
  console.log(
    [`${targets.length} targets`, ...authNames]
      .filter((part) => !part.startsWith('0 '))
      .join(', ') +
      ' ready' +
      `${redis ? ` (Redis: ${redis.source})` : ''}${cluster ? ` (Cluster: ${cluster.source})` : ''}` +
      `: ${loadS}s of load, plus up to ` +
      `${settings.quietWaitS}s waiting for quiet or re-running noisy runs\n`,
  );
  const budget = { remainingMs: settings.quietWaitS * 1000 };
  const measurements = await runRounds(
    targets,
    settings,
    WRK_CPU,
    (m, i, total) => console.log(renderProgress(m, i, total)),
    budget,
  );
  const auth = authNames.length
    ? await runAuthLoads({
        names: authNames,
        bases: authBases,
        rounds: settings.authRounds,
        repoRoot,
        connections: settings.authConnections,
        warmupS: settings.warmupS,
        durationS: settings.authDurationS,
        cpu: WRK_CPU,
        budget,
        onRun: (name, run) => console.log(renderAuthProgress(name, run)),
      })
    : [];
  const runs = [...measurements, ...auth.flatMap((a) => a.samples)];
  const waitedS = Math.round(runs.reduce((sum, m) => sum + m.waitedMs, 0) / 1000);
  const reruns = runs.filter((m) => m.rerun).length;
  if (waitedS + reruns > 0) {
    console.log(`  (other processes were busy: waited ${waitedS}s, re-ran ${reruns} noisy runs)`);
  }
  return { targets, measurements, auth, redis: redis?.source, cluster: cluster?.source };
}

/** The micro benchmarks; a failure there (gatehouse's token code mid-change) keeps the rest. */
async function runMicroSafely(seconds: number): Promise<MicroResult[]> {
  if (seconds <= 0) return [];
  try {
    const micro = await runMicro(seconds);
    console.log(`${renderMicro(micro)}\n`);
    return micro;
  } catch (error) {
    console.log(`micro: failed: ${(error as Error).message}\n`);
    return [];
  }
}

/** Bench (a), revocation propagation across two instances (BENCH_PROPAGATION_TRIALS, 0: none). */
async function runPropagationSafely(trials: number): Promise<PropagationResult | undefined> {
  if (trials <= 0) return undefined;
  try {
    const result = await runRevocationPropagation(trials);
    console.log(`${renderPropagation(result)}\n`);
    return result;
  } catch (error) {
    console.log(`revocation propagation: failed: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** Bench (c), revocation mirror memory (BENCH_MIRROR_ENTRIES, default 1,000,000; 0: none). */
async function runMirrorMemorySafely(entries: number): Promise<MirrorMemoryResult | undefined> {
  if (!(entries > 0)) return undefined;
  try {
    const result = await runMirrorMemory(entries);
    console.log(`${renderMirrorMemory(result)}\n`);
    return result;
  } catch (error) {
    console.log(`revocation mirror memory: failed: ${(error as Error).message}\n`);
    return undefined;
  }
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    await stopAllChildren();
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
