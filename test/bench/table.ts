import { QUIET_CORES, type Measurement } from './rounds.js';
import { formatMs } from './format-ms.js';
import type { Row } from './summarise.js';
import { DISTINCT_TARGET_NAMES, REDIS_TARGET_NAMES } from './targets.js';
import { errorCount } from './wrk.js';

/** The results table: right-aligns every column but the first; rows with errors are flagged with "!". */
export function renderTable(rows: readonly Row[]): string {
  const header = [
    'target',
    'conns',
    'runs',
    'req/s',
    'spread',
    'p50',
    'p99',
    'vs nginx',
    'other cpu',
    'errors',
  ];
  const body = rows.map((r) => [
    r.target,
    String(r.connections),
    r.used === r.runs ? String(r.runs) : `${r.used}/${r.runs}`,
    Math.round(r.rps).toLocaleString('en-US'),
    `±${((r.spread / 2) * 100).toFixed(1)}%`,
    formatMs(r.p50Ms),
    formatMs(r.p99Ms),
    r.vsNginx === undefined ? '-' : `${r.vsNginx.toFixed(2)}x`,
    r.otherCpu === undefined
      ? '-'
      : `${Math.round(r.otherCpu * 100)}%${r.otherCpu > QUIET_CORES ? ' ~' : ''}`,
    errors(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((row, i) => {
    if (i > 0 && row.target !== rows[i - 1]!.target) out.push('');
    out.push(line(body[i]!));
  });
  if (rows.some((r) => r.used < r.runs)) {
    out.push('', 'runs q/n: medians over the q runs other processes left alone (n measured)');
  }
  if (rows.some((r) => (r.otherCpu ?? 0) > QUIET_CORES)) {
    out.push(
      '',
      `~ no quiet run: other processes used over ${QUIET_CORES * 100}% of a core throughout; trust these rows less`,
    );
  }
  if (rows.some((r) => r.non2xx + r.socketErrors > 0)) {
    out.push(
      '',
      '! errors over all rounds: those req/s include failed requests and are not comparable',
    );
  }
  return out.join('\n');
}

function errors(row: Row): string {
  if (row.non2xx + row.socketErrors === 0) return '0';
  const parts = [
    row.non2xx ? `${row.non2xx} non-2xx` : '',
    row.socketErrors ? `${row.socketErrors} socket` : '',
  ];
  return `! ${parts.filter(Boolean).join(', ')}`;
}

/**
 * gatehouse's verified-token cache over each row's runs (its /metrics): a one-token target should
 * hit, a distinct-token one (20,000 tokens through 10,000 entries) miss every time; more than 1%
 * hits there is flagged "!". Empty when no row has the counters.
 */
export function renderCacheCounts(rows: readonly Row[]): string {
  const counted = rows.filter((r) => r.cache);
  if (counted.length === 0) return '';
  const width = Math.max(...counted.map((r) => r.target.length));
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  const lines = counted.map((r) => {
    const { hits, misses, evictions } = r.cache!;
    const rate = hits + misses > 0 ? hits / (hits + misses) : 0;
    const flag =
      DISTINCT_TARGET_NAMES.includes(r.target) && rate > 0.01
        ? '  ! the distinct tokens hit the cache'
        : '';
    return (
      `  ${r.target.padEnd(width)}  c=${String(r.connections).padEnd(4)}` +
      ` hits ${n(hits).padStart(9)}  misses ${n(misses).padStart(9)}` +
      `  evictions ${n(evictions).padStart(9)}  hit rate ${(rate * 100).toFixed(1).padStart(5)}%${flag}`
    );
  });
  return ['gatehouse verified-token cache over the runs (its /metrics):', ...lines].join('\n');
}

/** One line per measurement while the rounds run. */
export function renderProgress(m: Measurement, index: number, total: number): string {
  const r = m.result;
  const errors = errorCount(r);
  return [
    `  [${String(index).padStart(2)}/${total}] round ${m.round}  ${m.target.padEnd(24)}`,
    ` c=${String(m.connections).padEnd(4)}${Math.round(r.rps).toString().padStart(7)} req/s`,
    `  p99 ${formatMs(r.p99Ms)}`,
    m.otherCpu === undefined ? '' : `  other cpu ${Math.round(m.otherCpu * 100)}%`,
    m.rerun ? ' (re-run)' : '',
    errors ? `  ! ${errors} errors` : '',
  ].join('');
}

/**
 * The Redis-backed targets against gatehouse-redis-token (a `token` route of the same process
 * config, same Redis), one column per connection count; "!" where either side had errors.
 * Empty when gatehouse-redis-token or all the others were left out.
 */
export function renderRedisRatios(rows: readonly Row[], connections: readonly number[]): string {
  const [baseline, ...others] = REDIS_TARGET_NAMES;
  const measured = others.filter((t) => rows.some((r) => r.target === t));
  if (!rows.some((r) => r.target === baseline) || measured.length === 0) return '';
  const hasErrors = (row: Row | undefined) => (row ? row.non2xx + row.socketErrors > 0 : false);
  const header = ['', ...connections.map((c) => `c=${c}`)];
  const body = measured.map((target) => [
    target,
    ...connections.map((c) => {
      const row = rows.find((r) => r.target === target && r.connections === c);
      const base = rows.find((r) => r.target === baseline && r.connections === c);
      if (row?.vsRedisToken === undefined) return '-';
      return `${row.vsRedisToken.toFixed(2)}x${hasErrors(row) || hasErrors(base) ? ' !' : ''}`;
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  return [
    `req/s vs ${baseline} (same Redis, same connections):`,
    line(header),
    ...body.map(line),
  ].join('\n');
}
