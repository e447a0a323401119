import type { FaultTimeline } from './fault-timeline.js';
import type { Reply } from './soak-http.js';

/** What a call was and what the test knew about it when the answer came. */
export interface Judgement {
  op: string;
  reply: Reply;
  /** Statuses of a success. */
  ok: readonly number[];
  /** Whether the call needs the store, so the outage may explain a 503. */
  storeBacked: boolean;
  /** Why a 401 is expected (the test revoked or ended the credential), if it is. */
  refusal?: string;
  /** Since when the credential is certainly revoked: a success well after that is a failure. */
  refusedSince?: number;
  /** Other statuses expected just now, with the reason. */
  also?: Partial<Record<number, string>>;
  /** Checks a success's body (e.g. the identity the upstream saw); a message when it is wrong. */
  check?: (reply: Reply) => string | undefined;
  /** /readyz answers 503 as JSON with its checks, not problem+json. */
  plain503?: boolean;
}

/** One judged call. */
export interface Entry {
  op: string;
  status: number | 'network-error';
  verdict: 'ok' | 'expected' | 'unexpected';
  /** Why it was expected, or what was wrong; '' for a plain success. */
  reason: string;
  startedAt: number;
  endedAt: number;
}

function problemType(reply: Reply): string {
  try {
    return String((JSON.parse(reply.body) as { type?: unknown }).type ?? '');
  } catch {
    return '';
  }
}

/**
 * Every call of the soak run, judged when it is answered against what the test did so far: a
 * success, an expected refusal (the test revoked it), an expected 503 (the outage), or unexpected.
 */
export class OutcomeLedger {
  readonly entries: Entry[] = [];

  constructor(
    private readonly timeline: FaultTimeline,
    private readonly revokedGraceMs: number,
  ) {}

  /** Judges `j` and keeps the entry. */
  judge(j: Judgement): Entry {
    const entry = { ...this.verdict(j), op: j.op, status: j.reply.status };
    const full = { ...entry, startedAt: j.reply.startedAt, endedAt: j.reply.endedAt };
    this.entries.push(full);
    return full;
  }

  /** The unexpected entries. */
  unexpected(): Entry[] {
    return this.entries.filter((e) => e.verdict === 'unexpected');
  }

  /** Counts per op, status, verdict and reason, one line each. */
  breakdown(): string {
    const counts = new Map<string, number>();
    for (const e of this.entries) {
      const key = `${e.op.padEnd(22)} ${String(e.status).padEnd(13)} ${e.verdict.padEnd(10)} ${e.reason}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `${String(n).padStart(7)}  ${key}`)
      .join('\n');
  }

  private verdict(j: Judgement): Pick<Entry, 'verdict' | 'reason'> {
    const { reply } = j;
    const status = reply.status;
    if (status === 'network-error') return { verdict: 'unexpected', reason: reply.error ?? '' };
    if (j.ok.includes(status)) {
      if (j.refusedSince !== undefined && reply.startedAt > j.refusedSince + this.revokedGraceMs)
        return { verdict: 'unexpected', reason: 'revoked credential accepted' };
      const wrong = j.check?.(reply);
      return wrong ? { verdict: 'unexpected', reason: wrong } : { verdict: 'ok', reason: '' };
    }
    if (status === 401 && j.refusal) return { verdict: 'expected', reason: j.refusal };
    if (status === 503 && j.storeBacked && this.timeline.overlaps(reply.startedAt, reply.endedAt))
      return this.outage503(reply, j.plain503 ?? false);
    const also = j.also?.[status];
    if (also) return { verdict: 'expected', reason: also };
    return { verdict: 'unexpected', reason: problemType(reply) };
  }

  /** A 503 in the outage is expected only in its documented form. */
  private outage503(reply: Reply, plain: boolean): Pick<Entry, 'verdict' | 'reason'> {
    if (!reply.headers['retry-after'])
      return { verdict: 'unexpected', reason: '503 without Retry-After' };
    if (!plain && reply.headers['content-type'] !== 'application/problem+json')
      return { verdict: 'unexpected', reason: '503 not problem+json' };
    // README: a 503 never clears (or sets) the refresh cookie.
    if (reply.headers['set-cookie'])
      return { verdict: 'unexpected', reason: '503 with Set-Cookie' };
    return { verdict: 'expected', reason: 'Redis down or reconnecting' };
  }
}
