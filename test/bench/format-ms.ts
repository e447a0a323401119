/** A latency for the bench's tables: 2 decimals under 10 ms, 1 under 1 s, whole ms above; NaN as `-`. */
export function formatMs(value: number): string {
  if (Number.isNaN(value)) return '-';
  if (value < 10) return `${value.toFixed(2)}ms`;
  return value < 1000 ? `${value.toFixed(1)}ms` : `${Math.round(value)}ms`;
}
