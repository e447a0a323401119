import type { SessionRecord } from '../../store/session-record.js';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** A session as the admin API shows it: ids, scope and times (ISO 8601); never refresh state. */
export function sessionView(record: SessionRecord): Record<string, string> {
  return {
    sid: record.sid,
    sub: record.sub,
    scope: record.scope.join(' '),
    createdAt: iso(record.createdAt),
    lastSeenAt: iso(record.lastSeenAt),
    idleExpiresAt: iso(record.idleExpiresAt),
    absoluteExpiresAt: iso(record.absoluteExpiresAt),
  };
}
