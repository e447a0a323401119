import type { MiddlewareHandler } from 'hono';
import type { Metrics } from '../observability/metrics.js';
import type { GatewayEnv } from './gateway-env.js';
import { requestOutcome } from './request-outcome.js';

const NOTHING_THROWN = Symbol('nothing thrown');

/**
 * Counts and times every request by route, policy and outcome (time to the response headers: a
 * streamed body may flow on after). Requests no route or endpoint claims are `unmatched`, so the
 * `route` label never holds a raw path.
 */
export function requestMetrics(metrics: Metrics): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const started = performance.now();
    // Hono hands most errors to the error boundary before we see them (`c.error`), but one thrown
    // by the not-found handler comes through here first.
    let thrown: unknown = NOTHING_THROWN;
    try {
      await next();
    } catch (error) {
      thrown = error;
      throw error;
    } finally {
      const outcome = requestOutcome({
        error: thrown === NOTHING_THROWN ? c.error : thrown,
        denyReason: c.get('denyReason'),
        status: c.get('status') ?? c.res.status,
        fromUpstream: c.get('status') !== undefined,
      });
      const route = c.get('routeName') ?? 'unmatched';
      const policy = c.get('policy') ?? 'none';
      metrics.request({ route, policy, outcome }, (performance.now() - started) / 1000);
    }
  };
}
