import { GatewayError, type ErrorCode } from '../errors/gateway-error.js';
import type { RequestOutcome } from '../observability/metrics.js';
import type { DenyReason, Decision } from '../policy/decision.js';
import type { Context } from 'hono';
import type { GatewayEnv } from './gateway-env.js';

/** The outcome of every error code: a code missing here fails to compile. */
const OUTCOME_BY_CODE: Readonly<Record<ErrorCode, RequestOutcome>> = {
  'invalid-token': 'unauthenticated',
  'missing-token': 'unauthenticated',
  'invalid-credentials': 'unauthenticated',
  'invalid-refresh-token': 'unauthenticated',
  'missing-refresh-token': 'unauthenticated',
  'insufficient-scope': 'forbidden',
  'origin-not-allowed': 'forbidden',
  'forward-auth-refused': 'forbidden',
  'too-many-requests': 'rate_limited',
  'bad-request': 'bad_request',
  'method-not-allowed': 'bad_request',
  'payload-too-large': 'bad_request',
  'request-timeout': 'bad_request',
  'unsupported-media-type': 'bad_request',
  'not-found': 'not_found',
  'signing-key-not-found': 'not_found',
  'precondition-failed': 'conflict',
  'precondition-required': 'conflict',
  'context-conflict': 'conflict',
  'key-set-conflict': 'conflict',
  'keys-managed-outside': 'conflict',
  'bad-gateway': 'upstream_error',
  'gateway-timeout': 'upstream_error',
  'context-too-large': 'upstream_error',
  'store-unavailable': 'store_unavailable',
  'revocation-stale': 'unavailable',
  'not-ready': 'unavailable',
  'identity-source-unavailable': 'unavailable',
  'identity-unacceptable': 'upstream_error',
  'page-not-built': 'unavailable',
  'context-unreadable': 'error',
  internal: 'error',
};

const REVOKED: ReadonlySet<DenyReason> = new Set([
  'session-revoked',
  'token-revoked',
  'user-revoked',
]);

/** What an answer the gateway made itself says, by its status alone. */
function byStatus(status: number): RequestOutcome {
  if (status < 400) return 'ok';
  if (status === 404) return 'not_found';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'bad_request' : 'error';
}

/**
 * The `outcome` label of a request, from the error it ended with (if any), the policy's deny
 * reason, and the status. A response relayed from the upstream is `ok` whatever its status: the
 * gateway did its part; only the 502/504 it makes itself are `upstream_error`.
 */
export function requestOutcome(answer: {
  error: unknown;
  denyReason: DenyReason | undefined;
  status: number;
  fromUpstream: boolean;
}): RequestOutcome {
  const { error, denyReason } = answer;
  if (denyReason !== undefined && REVOKED.has(denyReason)) return 'revoked';
  if (error instanceof GatewayError) {
    return OUTCOME_BY_CODE[error.code];
  }
  if (error !== undefined) return 'error';
  return answer.fromUpstream ? 'ok' : byStatus(answer.status);
}

/** Records what a policy decision says about the request for logs and metrics: route, policy, reason. */
export function noteDecision(c: Context<GatewayEnv>, decision: Decision): void {
  if (decision.route) {
    c.set('routeName', decision.route.name);
    c.set('policy', decision.route.policy);
  }
  if (!decision.allow) c.set('denyReason', decision.reason);
}
