import type { Row } from './summarise.js';
import { formatMs } from './format-ms.js';
import { WORKERS_PAIRS } from './targets.js';

/** One side of the comparison: a workers target at one connection count. */
interface Side {
  rps: number;
  p99Ms: number;
  /** CPU of all its gatehouse processes (primary + workers), in cores. */
  serverCores: number | undefined;
  cpuUsPerRequest: number | undefined;
}

/** `server.workers: 2` against `server.workers: 1` on one route at one connection count. */
export interface WorkersScaling {
  route: 'token' | 'session';
  connections: number;
  one: Side;
  two: Side;
  /** req/s workers 2 ÷ workers 1. */
  ratio: number;
  /** Cores used, workers 2 ÷ workers 1 (undefined off Linux). */
  coresRatio: number | undefined;
  /** Either side had errors: the ratio is not comparable. */
  errors: boolean;
}

/** The workers pairs measured at each connection count. */
export function compareWorkers(
  rows: readonly Row[],
  connections: readonly number[],
): WorkersScaling[] {
  return WORKERS_PAIRS.flatMap(({ route, one, two }) =>
    connections.flatMap((c) => {
      const a = rows.find((r) => r.target === one && r.connections === c);
      const b = rows.find((r) => r.target === two && r.connections === c);
      if (!a || !b) return [];
      const side = (r: Row): Side => ({
        rps: r.rps,
        p99Ms: r.p99Ms,
        serverCores: r.serverCores,
        cpuUsPerRequest: r.cpuUsPerRequest,
      });
      return [
        {
          route,
          connections: c,
          one: side(a),
          two: side(b),
          ratio: b.rps / a.rps,
          coresRatio:
            a.serverCores && b.serverCores !== undefined
              ? b.serverCores / a.serverCores
              : undefined,
          errors: a.non2xx + a.socketErrors + b.non2xx + b.socketErrors > 0,
        },
      ];
    }),
  );
}

/** The block `npm run bench` prints after the table; empty when no pair was measured. */
export function renderWorkersScaling(
  results: readonly WorkersScaling[],
  cores: { workers: readonly number[]; wrk: number; servers: number },
): string {
  if (results.length === 0) return '';
  const header = ['route', 'conns', 'w1 req/s', 'p99', 'cores', 'µs/req'];
  header.push('w2 req/s', 'p99', 'cores', 'µs/req', 'w2 ÷ w1', 'cores w2 ÷ w1');
  const body = results.map((r) => [
    r.route,
    String(r.connections),
    ...side(r.one),
    ...side(r.two),
    `${r.ratio.toFixed(2)}x${r.errors ? ' !' : ''}`,
    r.coresRatio === undefined ? '-' : `${r.coresRatio.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  return [
    `workers 2 vs workers 1: gatehouse on Redis (mirror), both on cores ${cores.workers.join(',')}; ` +
      `wrk on core ${cores.wrk}, the upstream and Redis on core ${cores.servers}`,
    line(header),
    ...body.map(line),
    '  cores: CPU of all the gatehouse processes (primary + workers) during the run; µs/req: that',
    '  CPU per request. wrk, the upstream and Redis run on the same two cores, so w2 ÷ w1 is what a',
    '  second worker gains on this box, a lower bound for a machine with a core to spare for it;',
    '  a µs/req that stays put says the second worker adds no cost per request.',
    ...(results.some((r) => r.errors) ? ['  ! errors on either side: not comparable'] : []),
  ].join('\n');
}

function side(s: Side): string[] {
  return [
    Math.round(s.rps).toLocaleString('en-US'),
    formatMs(s.p99Ms),
    s.serverCores === undefined ? '-' : s.serverCores.toFixed(2),
    s.cpuUsPerRequest === undefined ? '-' : String(Math.round(s.cpuUsPerRequest)),
  ];
}
