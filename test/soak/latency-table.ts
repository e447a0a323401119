import type { Entry } from './outcome-ledger.js';

/** The value at quantile `q` of sorted `values` (nearest rank). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (value: number) => value.toFixed(1).padStart(8);

/** A table of count, p50, p99 and max latency (ms) per op, over `entries`, ordered by op. */
export function latencyTable(entries: readonly Entry[]): string {
  const byOp = new Map<string, number[]>();
  for (const e of entries) {
    const values = byOp.get(e.op) ?? [];
    values.push(e.endedAt - e.startedAt);
    byOp.set(e.op, values);
  }
  const header = `${'op'.padEnd(22)} ${'count'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`;
  const rows = [...byOp]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, values]) => {
      const sorted = values.sort((a, b) => a - b);
      const count = String(sorted.length).padStart(7);
      return `${op.padEnd(22)} ${count} ${ms(quantile(sorted, 0.5))} ${ms(quantile(sorted, 0.99))} ${ms(sorted.at(-1)!)}`;
    });
  return [header, ...rows].join('\n');
}
