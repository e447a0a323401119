import type { Context, Handler } from 'hono';
import { notFound } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { noteDecision } from '../../http/request-outcome.js';
import { requestViewOf } from '../../http/request-view.js';
import type { Decision } from '../../policy/decision.js';
import { createForwardUpstream } from '../../proxy/forward-upstream.js';
import { methodOverrideOf } from '../../proxy/method-override-headers.js';

/**
 * The catch-all handler: evaluates the matching route's policy, denies, or forwards upstream
 * (proxy/forward-upstream) and records the status the client got.
 */
export function proxyHandler(
  services: Pick<
    GatewayServices,
    'routes' | 'upstream' | 'config' | 'requestView' | 'logger' | 'metrics'
  >,
): Handler<GatewayEnv> {
  const evaluator = services.routes;
  const forward = createForwardUpstream(
    services.upstream,
    services.config,
    cookieDropped(services),
  );
  // Only a `methodOverride` route reads the override headers: no header scan for the others.
  const readsOverride = services.config.routes.some((route) => route.methodOverride);

  return async (c) => {
    const view = requestViewOf(c, services.requestView);
    const decision = await evaluator.evaluate({
      method: view.method,
      target: view.target,
      authorization: c.req.header('authorization'),
      methodOverride: readsOverride ? methodOverrideOf(view.headerPairs) : undefined,
    });
    noteDecision(c, decision);
    if (!decision.allow) return deny(c, decision);
    const { upstream } = decision.route;
    if (!upstream) throw notFound(); // a forward-auth-only route
    const result = await forward(view, decision, upstream, c.get('requestId'));
    c.set('status', result.status);
    return result.response;
  };
}

/** The one log site for denials; the error boundary renders the error. */
function deny(c: Context<GatewayEnv>, decision: Extract<Decision, { allow: false }>): never {
  c.get('log').debug({ route: decision.route?.name, reason: decision.reason }, 'request denied');
  throw decision.error;
}

/**
 * Counts every dropped upstream Set-Cookie for the gateway's own cookie, and logs it once per
 * route (the first time), so a misbehaving app cannot flood the log.
 */
function cookieDropped({
  logger,
  metrics,
}: Pick<GatewayServices, 'logger' | 'metrics'>): (route: string) => void {
  const logged = new Set<string>();
  return (route) => {
    metrics.upstreamCookieDropped(route);
    if (logged.has(route)) return;
    logged.add(route);
    logger.warn({ route }, "dropped an upstream Set-Cookie for the gateway's own cookie");
  };
}
