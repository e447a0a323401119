import type { Context } from 'hono';
import type { Decision } from '../policy/decision.js';
import type { GatewayEnv } from './gateway-env.js';

/** Records what a policy decision says about the request for logs and metrics: route, policy, reason. */
export function noteDecision(c: Context<GatewayEnv>, decision: Decision): void {
  if (decision.route) {
    c.set('routeName', decision.route.name);
    c.set('policy', decision.route.policy);
  }
  if (!decision.allow) c.set('denyReason', decision.reason);
}
