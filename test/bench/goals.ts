import type { Row } from './summarise.js';
import type { TargetName } from './targets.js';

/** gatehouse's throughput goals, each checked at every connection count. */
const GOALS: ReadonlyArray<{ subject: TargetName; baseline: TargetName; factor: number }> = [
  { subject: 'gatehouse-token', baseline: 'fastify-jwt', factor: 2 },
  { subject: 'gatehouse-token', baseline: 'fastify', factor: 1 },
  { subject: 'gatehouse-public', baseline: 'fastify', factor: 1.2 },
  // Issue #4: with a revocation mirror, a `session` route costs (almost) no more than `token`.
  { subject: 'gatehouse-session-mirror', baseline: 'gatehouse-redis-token', factor: 0.95 },
];

export interface GoalResult {
  goal: string;
  connections: number;
  /** subject req/s ÷ baseline req/s; undefined when either was not measured. */
  ratio: number | undefined;
  status: 'PASS' | 'FAIL' | 'SKIP';
  note: string;
}

/** PASS when subject ≥ factor × baseline (medians) and the subject had no errors. */
export function checkGoals(rows: readonly Row[], connections: readonly number[]): GoalResult[] {
  return GOALS.flatMap(({ subject, baseline, factor }) =>
    connections.map((c): GoalResult => {
      const goal = `${subject} >= ${factor}x ${baseline}`;
      const s = rows.find((r) => r.target === subject && r.connections === c);
      const b = rows.find((r) => r.target === baseline && r.connections === c);
      if (!s || !b)
        return { goal, connections: c, ratio: undefined, status: 'SKIP', note: 'not measured' };
      const ratio = s.rps / b.rps;
      const notes = [];
      if (s.non2xx + s.socketErrors > 0) notes.push(`${subject} had errors`);
      if (b.non2xx + b.socketErrors > 0) notes.push(`${baseline} had errors`);
      const pass = ratio >= factor && s.non2xx + s.socketErrors === 0;
      return {
        goal,
        connections: c,
        ratio,
        status: pass ? 'PASS' : 'FAIL',
        note: notes.join('; '),
      };
    }),
  );
}

/** One line per goal and connection count. */
export function renderGoals(results: readonly GoalResult[]): string {
  const width = Math.max(...results.map((r) => r.goal.length));
  const lines = results.map((r) => {
    const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`;
    return `  ${r.status}  ${r.goal.padEnd(width)}  c=${String(r.connections).padEnd(4)} ${ratio.padStart(6)}${r.note ? `  (${r.note})` : ''}`;
  });
  return ['targets', ...lines].join('\n');
}
