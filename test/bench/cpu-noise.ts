import { readdirSync, readFileSync } from 'node:fs';

/** CPU ticks (USER_HZ) used by the whole machine and by the bench's own processes. */
export interface CpuSnapshot {
  atMs: number;
  machineBusy: number;
  ours: number;
  /** Ticks of the live processes of each group in `groups` (a server and what it forked). */
  byGroup: Map<number, number>;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture Node runs on

/**
 * Reads /proc: busy ticks of all cores (steal excluded), plus the ticks of this process, its
 * reaped children (wrk) and every live process in `groups` (the servers, nginx's worker too).
 * Undefined off Linux.
 */
export function cpuSnapshot(groups: ReadonlySet<number>): CpuSnapshot | undefined {
  try {
    const [, user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .map(Number);
    const machineBusy = user! + nice! + system! + irq! + softirq!;
    let ours = 0;
    const byGroup = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = procStat(entry);
      if (!stat) continue;
      if (Number(entry) === process.pid)
        ours += stat.utime + stat.stime + stat.cutime + stat.cstime;
      else if (groups.has(stat.pgrp)) {
        ours += stat.utime + stat.stime;
        byGroup.set(stat.pgrp, (byGroup.get(stat.pgrp) ?? 0) + stat.utime + stat.stime);
      }
    }
    return { atMs: performance.now(), machineBusy, ours, byGroup };
  } catch {
    return undefined;
  }
}

/** Cores' worth of CPU that processes other than the bench's used between two snapshots. */
export function foreignCores(
  before: CpuSnapshot | undefined,
  after: CpuSnapshot | undefined,
): number | undefined {
  if (!before || !after) return undefined;
  const seconds = (after.atMs - before.atMs) / 1000;
  const foreign = after.machineBusy - before.machineBusy - (after.ours - before.ours);
  return Math.max(0, foreign / TICKS_PER_SECOND / seconds);
}

/**
 * Cores' worth of CPU the processes of group `pgid` used between two snapshots (undefined off
 * Linux). A process that exited in between takes its ticks with it: use it on servers.
 */
export function groupCores(
  before: CpuSnapshot | undefined,
  after: CpuSnapshot | undefined,
  pgid: number,
): number | undefined {
  if (!before || !after) return undefined;
  const seconds = (after.atMs - before.atMs) / 1000;
  const ticks = (after.byGroup.get(pgid) ?? 0) - (before.byGroup.get(pgid) ?? 0);
  return Math.max(0, ticks / TICKS_PER_SECOND / seconds);
}

/** How many live processes are in group `pgid` (a server with its workers); 0 off Linux. */
export function groupSize(pgid: number): number {
  let count = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (/^\d+$/.test(entry) && procStat(entry)?.pgrp === pgid) count++;
    }
  } catch {
    return 0;
  }
  return count;
}

function procStat(
  pid: string,
): { pgrp: number; utime: number; stime: number; cutime: number; cstime: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited since readdir
  }
  // Fields after the ")" closing comm (which may itself hold spaces): state ppid pgrp ... (proc(5)).
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pgrp: Number(f[2]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    cutime: Number(f[13]),
    cstime: Number(f[14]),
  };
}

/**
 * Waits, in half-second probes, until other processes use under `threshold` cores, for at most
 * `budget.remainingMs` (shared by all calls, so the whole run stays bounded). Returns the wait.
 */
export async function waitForQuiet(
  groups: ReadonlySet<number>,
  threshold: number,
  budget: { remainingMs: number },
): Promise<number> {
  const started = performance.now();
  while (budget.remainingMs > 0) {
    const before = cpuSnapshot(groups);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const other = foreignCores(before, cpuSnapshot(groups));
    budget.remainingMs -= 500;
    if (other === undefined || other < threshold) break;
  }
  return performance.now() - started;
}
