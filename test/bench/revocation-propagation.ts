// Bench (a): how long a session revoked through instance A keeps working on instance B. Two
// gatehouse processes (mirror mode) on one Redis; per trial: log in on A, warm B with the token on
// a `session` route, DELETE /admin/sessions/:sid on A, and poll B back to back until it answers
// 401. Run alone: `npx tsx test/bench/revocation-propagation.ts` (BENCH_PROPAGATION_TRIALS=N).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis-server.js';
import {
  loginDemo,
  startGatewayPair,
  type GatewayPair,
} from '../integration/multi-instance/gateway-pair.js';
import { cpuSnapshot, foreignCores } from './cpu-noise.js';

/** p99 target of the issue, loopback. */
const GOAL_MS = 50;
/** A trial fails when B still accepts the token this long after the revoke. */
const GIVE_UP_MS = 5000;

/** Delays of one kind over every trial, in ms. */
export interface DelayStats {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** What bench (a) measured. */
export interface PropagationResult {
  trials: number;
  /** From sending the revoke to A until B's first 401 (the figure the goal applies to). */
  fromRequest: DelayStats;
  /** From A's 2xx answer to B's first 401 (0 when B refused before A answered). */
  afterAck: DelayStats;
  goalMs: number;
  met: boolean;
  /** Cores' worth of CPU other processes used during the trials (undefined off Linux). */
  otherCpu: number | undefined;
  redis: 'GATEHOUSE_TEST_REDIS_URL' | 'private redis-server';
}

/** Runs `trials` trials on a fresh pair of gatehouse processes; stops everything it started. */
export async function runRevocationPropagation(trials: number): Promise<PropagationResult> {
  const shared = process.env.GATEHOUSE_TEST_REDIS_URL;
  const privateRedis: PrivateRedis | undefined = shared ? undefined : await startPrivateRedis();
  const upstream = await startUpstream();
  let pair: GatewayPair | undefined;
  try {
    pair = await startGatewayPair({
      redisUrl: shared ?? privateRedis!.url,
      keyPrefix: `bench-${Date.now().toString(36)}:`,
      upstream: `http://127.0.0.1:${(upstream.address() as { port: number }).port}`,
    });
    const fromRequest: number[] = [];
    const afterAck: number[] = [];
    // The gateways are our children, in our process group: their CPU is ours.
    const ours = new Set([ownProcessGroup()]);
    const before = cpuSnapshot(ours);
    for (let i = 0; i < trials; i++) {
      const trial = await runTrial(pair);
      fromRequest.push(trial.fromRequest);
      afterAck.push(trial.afterAck);
    }
    const otherCpu = foreignCores(before, cpuSnapshot(ours));
    const result = { fromRequest: stats(fromRequest), afterAck: stats(afterAck) };
    return {
      trials,
      ...result,
      otherCpu,
      goalMs: GOAL_MS,
      met: result.fromRequest.p99 < GOAL_MS,
      redis: shared ? 'GATEHOUSE_TEST_REDIS_URL' : 'private redis-server',
    };
  } finally {
    await pair?.stop();
    upstream.close();
    await privateRedis?.stop();
  }
}

/** One revoke-then-poll trial; throws when B never refuses or anything answers unexpectedly. */
async function runTrial(pair: GatewayPair): Promise<{ fromRequest: number; afterAck: number }> {
  const { token, sid } = await loginDemo(pair.a.url);
  const onB = () =>
    fetch(`${pair.b.url}/account/me`, { headers: { authorization: `Bearer ${token}` } });
  const warm = await onB();
  await warm.arrayBuffer();
  if (warm.status !== 200) throw new Error(`B refused a fresh token: HTTP ${warm.status}`);

  const sent = performance.now();
  let acked = Number.POSITIVE_INFINITY;
  const revoke = fetch(`${pair.a.url}/admin/sessions/${sid}`, {
    method: 'DELETE',
    headers: { authorization: pair.adminAuthorization },
  }).then(async (response) => {
    acked = performance.now();
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`revoke on A: HTTP ${response.status}`);
  });
  let refused = Number.NaN;
  while (performance.now() - sent < GIVE_UP_MS) {
    const response = await onB();
    await response.arrayBuffer();
    if (response.status === 401) {
      refused = performance.now();
      break;
    }
    if (response.status !== 200) throw new Error(`B answered HTTP ${response.status}`);
  }
  await revoke;
  if (Number.isNaN(refused)) throw new Error(`B still accepted the token after ${GIVE_UP_MS} ms`);
  return { fromRequest: refused - sent, afterAck: Math.max(0, refused - acked) };
}

function stats(values: number[]): DelayStats {
  const sorted = [...values].sort((x, y) => x - y);
  // Nearest rank: the smallest value with at least q of the trials at or below it.
  const at = (q: number) => round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted.at(-1)!) };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function ownProcessGroup(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return -1; // not Linux: cpuSnapshot is undefined there anyway
  }
}

function startUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The result as the lines `npm run bench` prints. */
export function renderPropagation(result: PropagationResult): string {
  const line = (name: string, s: DelayStats) =>
    `  ${name.padEnd(28)} p50 ${s.p50} ms   p90 ${s.p90} ms   p99 ${s.p99} ms   max ${s.max} ms`;
  return [
    `revocation propagation, A → B (${result.trials} trials, mirror mode, ${result.redis}):`,
    line('revoke sent on A → 401 on B', result.fromRequest),
    line('A answered → 401 on B', result.afterAck),
    `  goal p99 < ${result.goalMs} ms: ${result.met ? 'met' : 'NOT MET'}` +
      (result.otherCpu === undefined
        ? ''
        : ` (other processes: ${result.otherCpu.toFixed(2)} cores)`),
  ].join('\n');
}

/** Trials for `npm run bench` and for running this file alone: BENCH_PROPAGATION_TRIALS (≥ 100). */
export function propagationTrials(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.BENCH_PROPAGATION_TRIALS;
  const trials = text === undefined || text === '' ? 100 : Number(text);
  if (!Number.isInteger(trials) || trials < 0)
    throw new Error(`BENCH_PROPAGATION_TRIALS must be an integer ≥ 0, got "${text}"`);
  return trials;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runRevocationPropagation(propagationTrials() || 100);
  console.log(renderPropagation(result));
  process.exitCode = result.met ? 0 : 1;
}
