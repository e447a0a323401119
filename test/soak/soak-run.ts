import { loadavg } from 'node:os';
import { runAdminLoop } from './admin-loop.js';
import { FaultTimeline } from './fault-timeline.js';
import { startMemorySampler, type MemorySample, type MemorySampler } from './memory-sampler.js';
import { OutcomeLedger } from './outcome-ledger.js';
import { parkSessions, type ParkedSessions } from './parked-sessions.js';
import { RevocationRegistry } from './revocation-registry.js';
import { seededRandom } from './seeded-random.js';
import { soakCalls } from './soak-calls.js';
import { SOAK } from './soak-config.js';
import type { Reply, SoakHttp } from './soak-http.js';
import type { SoakStack } from './soak-stack.js';
import { VirtualUser } from './virtual-user.js';

/** What a soak run leaves for the checks. */
export interface SoakRun {
  seed: number;
  ledger: OutcomeLedger;
  timeline: FaultTimeline;
  users: VirtualUser[];
  parked: ParkedSessions;
  /** Sessions whose revocation the admin loop saw acknowledged before the kill. */
  revokedBeforeKill: string[];
  /** A login sent on purpose while Redis was down. */
  loginWhileDown: Reply;
  sampler: MemorySampler;
  /** Gateway memory after a forced full GC, at warm-up end and after the load. */
  memory: { start: MemorySample; end: MemorySample };
  /** The machine's 1-minute load average as the load started and as it stopped. */
  loadAverage: [start: number, end: number];
  /** performance.now() when the load started and when every loop had stopped. */
  startedAt: number;
  stoppedAt: number;
}

/** The loops a run starts, so that they are stopped even when the run fails half-way. */
export class SoakLoops {
  private done = false;
  private running: Promise<unknown> = Promise.resolve();
  private sampler: MemorySampler | undefined;
  readonly stopped = () => this.done;

  track(running: Promise<unknown>, sampler: MemorySampler): void {
    this.running = running;
    this.sampler = sampler;
  }

  /** Stops them; each finishes the call in flight. */
  async stop(): Promise<void> {
    this.done = true;
    await this.running;
    await this.sampler?.stop();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - performance.now()));

interface RunDeps {
  ledger: OutcomeLedger;
  registry: RevocationRegistry;
  timeline: FaultTimeline;
  random: () => number;
}

/** Starts the virtual users, the admin loop, the /readyz poller and the memory sampler. */
function startLoad(stack: SoakStack, connect: () => SoakHttp, loops: SoakLoops, deps: RunDeps) {
  const { stopped } = loops;
  const users = stack.users.map((u, i) => new VirtualUser(i, u, { ...deps, http: connect() }));
  const readiness = async (http: SoakHttp) => {
    while (!stopped()) {
      const reply = await http.send(soakCalls.readyz());
      deps.ledger.judge({ op: 'readyz', ok: [200], storeBacked: true, plain503: true, reply });
      await sleep(250);
    }
  };
  const sampler = startMemorySampler(stack.gateway.child.pid!, connect(), SOAK.sampleEveryMs);
  const admin = { ...deps, http: connect(), adminKey: stack.adminKey, users };
  const running = Promise.all([
    ...users.map((u) => u.run(stopped)),
    runAdminLoop(admin, stopped),
    readiness(connect()),
  ]);
  loops.track(running, sampler);
  return { users, sampler };
}

/** SIGKILLs Redis (noting what the users hold), tries a login, restarts it SOAK.downMs later. */
async function killAndRestart(
  stack: SoakStack,
  connect: () => SoakHttp,
  deps: RunDeps,
  users: readonly VirtualUser[],
) {
  const { timeline, registry, ledger } = deps;
  const killAt = performance.now();
  timeline.killAt = killAt;
  for (const user of users) user.noteKill();
  const revokedBeforeKill = registry.revokedBefore(killAt);
  await stack.redis.kill();
  const { username, password } = stack.parkedUser;
  const loginWhileDown = await connect().send(soakCalls.login(username, password));
  ledger.judge({ op: 'login', ok: [200], storeBacked: true, reply: loginWhileDown });
  await sleepUntil(killAt + SOAK.downMs);
  await stack.redis.restart();
  timeline.restartedAt = performance.now();
  return { revokedBeforeKill, loginWhileDown };
}

/**
 * The run: virtual users, the admin loop, a /readyz poller and the memory sampler for
 * SOAK.loadMs; sessions parked at SOAK.parkAtMs; Redis SIGKILLed at SOAK.killAtMs and restarted
 * (same port and directory, AOF reloaded) SOAK.downMs later. `connect` opens a client (the
 * caller closes them); `loops` holds what runs, for the caller to stop if this throws.
 */
export async function runSoak(
  stack: SoakStack,
  connect: () => SoakHttp,
  loops: SoakLoops,
  seed: number,
): Promise<SoakRun> {
  const timeline = new FaultTimeline(SOAK.recoveryMs);
  const ledger = new OutcomeLedger(timeline, SOAK.revokedGraceMs);
  const deps = { ledger, timeline, registry: new RevocationRegistry(), random: seededRandom(seed) };
  const startedAt = performance.now();
  const loadAtStart = loadavg()[0]!;
  const { users, sampler } = startLoad(stack, connect, loops, deps);

  await sleepUntil(startedAt + SOAK.warmUpMs);
  const memoryStart = await sampler.settled(stack.gc.collect);
  await sleepUntil(startedAt + SOAK.parkAtMs);
  const { sessions, revoked } = SOAK.parked;
  const parked = await parkSessions(connect(), stack.parkedUser, stack.adminKey, sessions, revoked);
  await sleepUntil(startedAt + SOAK.killAtMs);
  const fault = await killAndRestart(stack, connect, deps, users);

  await sleepUntil(startedAt + SOAK.loadMs);
  await loops.stop();
  const stoppedAt = performance.now();
  const memory = { start: memoryStart, end: await sampler.settled(stack.gc.collect) };
  const loadAverage: SoakRun['loadAverage'] = [loadAtStart, loadavg()[0]!];
  const outcome = { ...fault, ledger, timeline, users, parked, memory, loadAverage };
  return { ...outcome, seed, sampler, startedAt, stoppedAt };
}
