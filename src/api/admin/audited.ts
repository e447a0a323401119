import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../../lib/clock.js';
import { audit, type AuditOutcome } from '../../observability/audit.js';
import type { AdminEnv } from './admin-env.js';

/** The outcome an answer's status stands for, unless the handler said otherwise. */
function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'denied';
  return status < 500 ? 'rejected' : 'error';
}

/**
 * Audits the admin action of one route after it has answered, errors included (the error boundary
 * has rendered them by then): `target(c)` names what the route acts on, from its raw params; a
 * handler may narrow it, add details or set the outcome through `c.var.audit`.
 */
export function audited(
  clock: Clock,
  action: string,
  target: (c: Context<AdminEnv>) => string,
): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    await next();
    const told = c.get('audit') ?? {};
    audit(c.get('log'), clock, {
      actor: c.get('adminActor'),
      action,
      target: told.target ?? target(c),
      outcome: told.outcome ?? outcomeOf(c.res.status),
      ...(told.details === undefined ? {} : { details: told.details }),
    });
  };
}
