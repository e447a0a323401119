import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis } from '../helpers/redis-env.js';
import { soakCalls } from './soak-calls.js';
import { SOAK } from './soak-config.js';
import { soakHttp, type SoakHttp } from './soak-http.js';
import { describeEntry, soakReport, type SoakFigures } from './soak-report.js';
import { runSoak, SoakLoops, type SoakRun } from './soak-run.js';
import { startSoakStack, type SoakStack } from './soak-stack.js';

// Issue #5 item 6: a steady mixed load on a real gatehouse process and a real Redis for 60 s,
// with that Redis (a private one, AOF fsynced on every write) SIGKILLed and restarted midway.
// Every answer is judged as it comes (outcome-ledger.ts); the run must show none unexpected, no
// lost session, full recovery and flat memory. It prints latency tables (p99 for the issue note).
// SOAK_SEED=<seed from the report> reuses a run's random choices (their interleaving follows timing).

const MiB = 2 ** 20;

/** After the load: what was left before the kill is still there, and still revoked. */
async function checkAfter(run: SoakRun, stack: SoakStack, http: SoakHttp) {
  const parked = await run.parked.check();
  const revoked: string[] = [];
  for (const sid of run.revokedBeforeKill) {
    const reply = await http.send(soakCalls.adminGet(stack.adminKey, sid));
    if (reply.status !== 404) revoked.push(`${sid}: ${reply.status}`);
  }
  const ready = await http.send(soakCalls.readyz());
  return { parked, revoked, ready };
}

/** The report's figures: sessions held at the kill, memory at warm-up end and at load end. */
function figuresOf(run: SoakRun, after: Awaited<ReturnType<typeof checkAfter>>): SoakFigures {
  const { sampler, timeline, ledger } = run;
  const snapshots: Record<string, number> = {};
  for (const user of run.users) {
    const verdict = user.snapshot?.verdict ?? 'no session';
    snapshots[verdict] = (snapshots[verdict] ?? 0) + 1;
  }
  const trend = (field: 'rss' | 'heapUsed') => {
    const [start, end] = [run.memory.start[field], run.memory.end[field]];
    const peak = Math.max(...sampler.samples.map((x) => x[field] ?? 0));
    return start === undefined || end === undefined ? undefined : { start, end, peak };
  };
  return {
    seed: run.seed,
    users: run.users.length,
    loadAverage: run.loadAverage,
    startedAt: run.startedAt,
    stoppedAt: run.stoppedAt,
    readyAt: ledger.entries.find(
      (e) => e.op === 'readyz' && e.status === 200 && e.startedAt > timeline.restartedAt!,
    )?.endedAt,
    snapshots,
    parked: {
      live: run.parked.live.length,
      revoked: run.parked.revoked.length,
      problems: after.parked,
    },
    revokedBeforeKill: { count: run.revokedBeforeKill.length, problems: after.revoked },
    memory: { samples: sampler.samples, rss: trend('rss')!, heap: trend('heapUsed') },
  };
}

describeWithRedis('soak: 60 s of mixed load with Redis killed and restarted midway', () => {
  let stack: SoakStack;
  const clients: SoakHttp[] = [];
  const loops = new SoakLoops();
  const connect = () => clients[clients.push(soakHttp(stack.gateway.url)) - 1]!;

  beforeAll(async () => {
    stack = await startSoakStack(SOAK.users);
  }, 60_000);

  afterAll(async () => {
    await loops.stop();
    await Promise.all(clients.map((client) => client.close()));
    await stack?.close();
  }, 60_000);

  it('answers only as documented, loses no session, recovers by itself, keeps memory flat', async () => {
    const seed = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const run = await runSoak(stack, connect, loops, seed);
    const after = await checkAfter(run, stack, connect());
    const figures = figuresOf(run, after);
    const { ledger, timeline } = run;
    console.log(soakReport(ledger, timeline, figures));

    expect(ledger.unexpected().map((e) => describeEntry(e, run.startedAt))).toEqual([]);
    // No lost session: every session held at the kill refreshed after the restart (unless the
    // test itself ended it), the parked ones are as they were left, and revoked ones stay so.
    expect(Object.keys(figures.snapshots).filter((v) => v === 'pending' || v === 'lost')).toEqual(
      [],
    );
    expect(figures.snapshots.refreshed ?? 0).toBeGreaterThan(0);
    expect(after.parked).toEqual([]);
    expect(after.revoked).toEqual([]);

    // The outage was seen, as documented: 503s from the store-backed calls (`session` routes
    // once the mirror is stale), while `token` routes kept serving.
    expect(run.loginWhileDown.status).toBe(503);
    const during = ledger.entries.filter((e) => timeline.overlaps(e.startedAt, e.endedAt));
    const seen = (op: string, status: number) =>
      during.filter((e) => e.op === op && e.status === status).length;
    expect(seen('session-route', 503)).toBeGreaterThan(0);
    expect(seen('token-route', 200)).toBeGreaterThan(0);

    // Full recovery: ready again, and after the recovery window every kind of call succeeded.
    expect(figures.readyAt).toBeDefined();
    expect(after.ready.status).toBe(200);
    expect(stack.gateway.child.exitCode).toBeNull();
    const recovered = new Set(
      ledger.entries
        .filter((e) => e.verdict === 'ok' && timeline.recovered(e.startedAt))
        .map((e) => e.op),
    );
    expect(
      [...new Set(ledger.entries.map((e) => e.op))].filter((op) => !recovered.has(op)),
    ).toEqual([]);

    // Memory stays flat: read after a forced full GC (so the sawtooth of garbage, up to ~100 MiB
    // of heap between major GCs, does not decide) at warm-up end and after the load. Legit growth
    // in between is small: the verified-token cache filling (bounded at 10,000 tokens), the
    // revocation mirror (~100 bytes an entry). 16 MiB of heap is 0.5-1.7 KB per call over the
    // 10,000-30,000 calls of that span; RSS also covers native memory (buffers, sockets) and keeps
    // pages V8 no longer uses, hence its looser bound.
    const { rss, heap } = figures.memory;
    expect(rss.end).toBeLessThanOrEqual(rss.start + 64 * MiB);
    expect(heap, 'heap used, read from GET /metrics after the forced GCs').toBeDefined();
    expect(heap!.end).toBeLessThanOrEqual(heap!.start + 16 * MiB);
  }, 120_000);
});
