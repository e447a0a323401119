import type { AuditEvent } from '../../observability/audit.js';
import type { GatewayEnv } from '../../http/gateway-env.js';

/** Hono environment of the admin API: the gateway's variables plus who is calling and the audit. */
export interface AdminEnv {
  Variables: GatewayEnv['Variables'] & {
    /** Set by adminAuth: `key:<name>` or `sub:<sub>`. */
    adminActor: string;
    /** Set by a handler that knows more than its route: a narrower target, details, an outcome. */
    audit?: Partial<Pick<AuditEvent, 'target' | 'details' | 'outcome'>>;
  };
}
