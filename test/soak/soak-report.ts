import { availableParallelism } from 'node:os';
import type { FaultTimeline } from './fault-timeline.js';
import { latencyTable } from './latency-table.js';
import type { MemorySample } from './memory-sampler.js';
import type { Entry, OutcomeLedger } from './outcome-ledger.js';

/** A memory figure at the start and the end of the steady load, and its peak. */
export interface MemoryTrend {
  start: number;
  end: number;
  peak: number;
}

/** The figures of one run that go in the report besides the ledger. */
export interface SoakFigures {
  seed: number;
  users: number;
  /** The machine's 1-minute load average at the start and the end (2 cores, shared). */
  loadAverage: [start: number, end: number];
  /** performance.now() when the load started and stopped. */
  startedAt: number;
  stoppedAt: number;
  /** When /readyz first answered 200 after the restart (performance.now()), if it did. */
  readyAt: number | undefined;
  snapshots: Record<string, number>;
  parked: { live: number; revoked: number; problems: string[] };
  /** Sessions the admin loop revoked before the kill (checked after: still gone). */
  revokedBeforeKill: { count: number; problems: string[] };
  memory: {
    samples: readonly MemorySample[];
    /** After a forced GC at warm-up end and after the load, and the peak of the 1 s samples. */
    rss: MemoryTrend;
    /** Undefined when the gateway has no /metrics. */
    heap: MemoryTrend | undefined;
  };
}

const cpus = availableParallelism();
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const trend = (t: MemoryTrend) => `${mib(t.start)} → ${mib(t.end)} (peak ${mib(t.peak)})`;

function memoryLine({ rss, heap }: SoakFigures['memory']): string {
  const heapText = heap ? `heap used ${trend(heap)}` : 'heap used n/a (no /metrics)';
  return `gateway memory after a forced full GC, warm-up end → load end: RSS ${trend(rss)}; ${heapText}`;
}

function series(samples: readonly MemorySample[], startedAt: number): string {
  const whole = (bytes: number | undefined) =>
    bytes === undefined ? '-' : (bytes / 2 ** 20).toFixed(0);
  return samples
    .map((x) => `${((x.at - startedAt) / 1000).toFixed(0)}: ${whole(x.rss)}/${whole(x.heapUsed)}`)
    .join(', ');
}

/** Describes one judged call for a failure message, its time relative to the load's start. */
export function describeEntry(e: Entry, startedAt: number): string {
  const at = s(e.startedAt - startedAt);
  const took = (e.endedAt - e.startedAt).toFixed(0);
  return `${at} ${e.op} → ${e.status} (${took} ms): ${e.reason}`;
}

/** The printed report of a soak run: timeline, sessions, memory, latency tables, outcomes. */
export function soakReport(ledger: OutcomeLedger, timeline: FaultTimeline, f: SoakFigures): string {
  const { entries } = ledger;
  const killAt = timeline.killAt!;
  const restartedAt = timeline.restartedAt!;
  const last503 = Math.max(
    ...entries.filter((e) => e.status === 503).map((e) => e.endedAt),
    restartedAt,
  );
  const steady = entries.filter((e) => !timeline.overlaps(e.startedAt, e.endedAt));
  const outage = entries.filter((e) => timeline.overlaps(e.startedAt, e.endedAt));
  const duration = f.stoppedAt - f.startedAt;
  const unexpected = ledger.unexpected();
  return [
    `soak: seed ${f.seed}, ${f.users} users + admin loop, ${s(duration)}, ${entries.length} calls (${Math.round(entries.length / (duration / 1000))}/s); ` +
      `load average ${f.loadAverage[0].toFixed(1)} → ${f.loadAverage[1].toFixed(1)} (${cpus} cores)`,
    `Redis SIGKILLed at ${s(killAt - f.startedAt)}, restarted (AOF reloaded) ${s(restartedAt - killAt)} later; ` +
      `/readyz 200 again ${f.readyAt === undefined ? 'never' : s(f.readyAt - restartedAt)} after the restart; ` +
      `last 503 answered ${s(last503 - restartedAt)} after it`,
    `sessions held at the kill, after the restart: ${JSON.stringify(f.snapshots)}; parked: ${f.parked.live} live + ${f.parked.revoked} revoked, ${f.parked.problems.length} problems; ` +
      `revoked before the kill: ${f.revokedBeforeKill.count}, ${f.revokedBeforeKill.problems.length} back`,
    memoryLine(f.memory),
    `gateway memory samples (s: RSS/heap MiB): ${series(f.memory.samples, f.startedAt)}`,
    '',
    'latency outside the outage window (ms):',
    latencyTable(steady),
    '',
    `latency of the ${outage.length} calls overlapping the outage window (kill → restart + recovery window) (ms):`,
    latencyTable(outage),
    '',
    'outcomes (count, op, status, verdict, reason):',
    ledger.breakdown(),
    ...(unexpected.length === 0
      ? []
      : [
          '',
          'unexpected (first 30):',
          ...unexpected.slice(0, 30).map((e) => describeEntry(e, f.startedAt)),
        ]),
  ].join('\n');
}
