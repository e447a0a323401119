import type { Clock } from '../lib/clock.js';
import type { Logger } from './logger.js';

/** How an audited action ended. */
export type AuditOutcome = 'success' | 'not-found' | 'rejected' | 'denied' | 'error';

/** One admin action, as the audit log records it (who, what, on what, how it ended). */
export interface AuditEvent {
  /** `key:<name>` for an admin API key, `sub:<sub>` for an admin access token, else `anonymous`. */
  actor: string;
  /** What was done, e.g. `session.revoke`. */
  action: string;
  /** What it was done to, e.g. `session:<sid>`, `user:<sub>`, `token:<jti>`, `keys`. */
  target: string;
  outcome: AuditOutcome;
  /** A few facts about the result (a new sid, a new kid, a count); never a token or a key. */
  details?: Record<string, string | number>;
}

/**
 * The one writer of audit events: a JSON log line `{audit: true, actor, action, target, outcome,
 * at}` at info level, `at` being ISO 8601. Callers pass ids, never tokens or keys.
 */
export function audit(logger: Logger, clock: Clock, event: AuditEvent): void {
  const { details, ...rest } = event;
  logger.info(
    {
      audit: true,
      ...rest,
      ...(details === undefined ? {} : { details }),
      at: new Date(clock.now()).toISOString(),
    },
    'audit',
  );
}
