import { cpuSnapshot, groupCores, type CpuSnapshot } from './cpu-noise.js';

/** Process groups whose CPU a window measures: a server and its Redis processes. */
export interface WindowCpuGroups {
  server?: number;
  store?: readonly number[];
}

/**
 * Snapshots the groups' CPU at `fromMs` and at `toMs` (performance.now() times) by timer, for a
 * load loop that knows its measured window but not when its last request ends. `result()` gives
 * the cores each side used in between (undefined when not given, off Linux, or not yet over).
 */
export function measureWindowCpu(
  groups: WindowCpuGroups,
  fromMs: number,
  toMs: number,
): { result(): { serverCpu: number | undefined; storeCpu: number | undefined } } {
  const all = new Set([
    ...(groups.server === undefined ? [] : [groups.server]),
    ...(groups.store ?? []),
  ]);
  let before: CpuSnapshot | undefined;
  let after: CpuSnapshot | undefined;
  if (all.size > 0) {
    setTimeout(() => (before = cpuSnapshot(all)), Math.max(0, fromMs - performance.now()));
    setTimeout(() => (after = cpuSnapshot(all)), Math.max(0, toMs - performance.now()));
  }
  return { result: () => groupsCpu(before, after, groups) };
}

/** The cores each side of `groups` used between two snapshots (undefined when not given). */
export function groupsCpu(
  before: CpuSnapshot | undefined,
  after: CpuSnapshot | undefined,
  groups: WindowCpuGroups,
): { serverCpu: number | undefined; storeCpu: number | undefined } {
  const cores = (pgids: readonly number[]) =>
    pgids.reduce<number | undefined>((sum, pgid) => {
      const used = groupCores(before, after, pgid);
      return sum === undefined || used === undefined ? undefined : sum + used;
    }, 0);
  return {
    serverCpu: groups.server === undefined ? undefined : cores([groups.server]),
    storeCpu: groups.store?.length ? cores(groups.store) : undefined,
  };
}
