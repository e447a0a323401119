import type { AuthLoadResult } from './auth-load.js';
import { formatMs } from './format-ms.js';
import type { Row } from './summarise.js';
import { CLUSTER_PAIRS, type AuthLoadName, type TargetName } from './targets.js';

/** One side: median req/s and p99 of a wrk target or a loop, and the CPU per request. */
interface Side {
  rps: number;
  p99Ms: number;
  errors: number;
  /** The gatehouse process's CPU per request, in µs. */
  gatehouseUs: number | undefined;
  /** Its Redis processes' (all the Cluster's masters) CPU per request, in µs. */
  redisUs: number | undefined;
}

/** One operation on the Redis Cluster against the standalone Redis, at one connection count. */
export interface ClusterComparison {
  operation: string;
  connections: number;
  standalone: Side | undefined;
  cluster: Side | undefined;
  /** req/s cluster ÷ standalone; undefined unless both were measured. */
  ratio: number | undefined;
  /** p99 cluster ÷ standalone. */
  p99Ratio: number | undefined;
}

/** Every pair of CLUSTER_PAIRS measured on either side (wrk rows per connection count, loops once). */
export function compareCluster(
  rows: readonly Row[],
  auth: readonly AuthLoadResult[],
): ClusterComparison[] {
  return CLUSTER_PAIRS.flatMap(({ operation, standalone, cluster }) => {
    const counts = new Set([
      ...rows
        .filter((r) => r.target === standalone || r.target === cluster)
        .map((r) => r.connections),
      ...auth.filter((a) => a.name === standalone || a.name === cluster).map((a) => a.connections),
    ]);
    return [...counts].map((c) => {
      const a = find(rows, auth, standalone, c);
      const b = find(rows, auth, cluster, c);
      return {
        operation,
        connections: c,
        standalone: a,
        cluster: b,
        ratio: a && b ? b.rps / a.rps : undefined,
        p99Ratio: a && b ? b.p99Ms / a.p99Ms : undefined,
      };
    });
  });
}

function find(
  rows: readonly Row[],
  auth: readonly AuthLoadResult[],
  name: TargetName | AuthLoadName,
  connections: number,
): Side | undefined {
  const found =
    rows.find((r) => r.target === name && r.connections === connections) ??
    auth.find((a) => a.name === name && a.connections === connections);
  return (
    found && {
      rps: found.rps,
      p99Ms: found.p99Ms,
      errors: found.non2xx + found.socketErrors,
      gatehouseUs: found.cpuUsPerRequest,
      redisUs: found.storeUsPerRequest,
    }
  );
}

/** The block `npm run bench` prints; empty when nothing on the Cluster was measured. */
export function renderClusterComparison(
  results: readonly ClusterComparison[],
  sources: { redis: string | undefined; cluster: string | undefined },
): string {
  if (!results.some((r) => r.cluster)) return '';
  const header = ['operation', 'conns', 'standalone req/s', 'p99', 'µs/req', 'Redis µs'];
  header.push('cluster req/s', 'p99', 'µs/req', 'Redis µs', 'cluster ÷ standalone', 'p99 ÷');
  const body = results.map((r) => [
    r.operation,
    String(r.connections),
    ...side(r.standalone),
    ...side(r.cluster),
    r.ratio === undefined
      ? '-'
      : `${r.ratio.toFixed(2)}x${(r.standalone?.errors ?? 0) + (r.cluster?.errors ?? 0) ? ' !' : ''}`,
    r.p99Ratio === undefined ? '-' : `${r.p99Ratio.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  const lines = [
    `Redis Cluster vs standalone: the same gatehouse (mirror) on ${sources.cluster ?? '?'} and on ` +
      `${sources.redis ?? '?'}`,
    line(header),
    ...body.map(line),
  ];
  if (sources.redis === 'GATEHOUSE_TEST_REDIS_URL') {
    lines.push(
      '  the standalone side is the shared GATEHOUSE_TEST_REDIS_URL (unpinned, others use it): unset',
      '  it for a like-for-like ratio (the Cluster is always private, on the servers core)',
    );
  }
  if (results.some((r) => (r.standalone?.errors ?? 0) + (r.cluster?.errors ?? 0) > 0))
    lines.push('  ! errors on either side: not comparable');
  lines.push(
    '  µs/req: CPU per request of the gatehouse process; Redis µs: of its Redis (every Cluster',
    '  master); both from /proc over each measured run, medians',
  );
  return lines.join('\n');
}

function side(s: Side | undefined): string[] {
  if (!s) return ['-', '-', '-', '-'];
  const us = (value: number | undefined) => (value === undefined ? '-' : String(Math.round(value)));
  return [
    s.rps < 100 ? s.rps.toFixed(1) : Math.round(s.rps).toLocaleString('en-US'),
    formatMs(s.p99Ms),
    us(s.gatehouseUs),
    us(s.redisUs),
  ];
}
