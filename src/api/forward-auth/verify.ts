import { Hono, type Context } from 'hono';
import { forwardAuthRefused, methodNotAllowed } from '../../errors/errors.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { noteDecision } from '../../http/request-outcome.js';
import type { PolicyServices } from '../../policy/compile-policy.js';
import { requestViewOf } from '../../http/request-view.js';
import { compileStrictestRoute } from '../../policy/routes/compile-strictest-route.js';
import type { Decision } from '../../policy/decision.js';
import { createRequestEvaluator } from '../../policy/evaluate-request.js';
import { forwardAuthHeaders } from './forward-auth-headers.js';
import { methodOverrideOf } from '../../proxy/method-override-headers.js';
import { readForwardedTarget } from './forwarded-target.js';

/**
 * `GET|HEAD <authPrefix>/verify` and `<any method> <authPrefix>/verify/<original path>` (Envoy
 * ext_authz): forward-auth (README "Forward-auth"). Applies the policy of the route matching the
 * forwarded request through the evaluator the reverse proxy uses; 200 with the identity headers and
 * no body, or the denial as problem+json. Never proxies anything.
 */
export function verify(services: Parameters<typeof decider>[0]): Hono<GatewayEnv> {
  const decide = decider(services);
  const handler = async (c: Context<GatewayEnv>) => {
    const decision = await decide(c);
    noteDecision(c, decision);
    if (!decision.allow) {
      c.get('log').debug({ route: decision.route?.name, reason: decision.reason }, 'verify denied');
      throw refusal(decision);
    }
    const context = decision.context?.header ?? null;
    return c.body(null, 200, forwardAuthHeaders(decision.identity, context, decision.assertion));
  };

  const app = new Hono<GatewayEnv>();
  app.on(['GET', 'HEAD'], '/', handler);
  app.all('/', () => {
    throw methodNotAllowed(['GET', 'HEAD']);
  });
  app.all('/*', handler);
  return app;
}

/**
 * Decides on the forwarded request with the configured routes, compiled once; on the strictest
 * policy when there is none to trust; throws 403 when it is malformed.
 */
function decider(
  services: PolicyServices & Pick<GatewayServices, 'config' | 'routes' | 'requestView'>,
): (c: Context<GatewayEnv>) => Promise<Decision> {
  const { config } = services;
  const routes = services.routes;
  const strictest = createRequestEvaluator([compileStrictestRoute(config, services)]);
  const verifyPath = `${config.authPrefix}/verify`;
  const warned = new Set<string>();
  return async (c) => {
    const authorization = c.req.header('authorization');
    const forwarded = readForwardedTarget(
      {
        method: c.req.method,
        target: requestViewOf(c, services.requestView).target,
        header: (name) => c.req.header(name),
      },
      { trustProxy: config.server.trustProxy, verifyPath },
    );
    if (forwarded.kind === 'malformed') throw forwardAuthRefused(forwarded.detail);
    if (forwarded.kind === 'unknown') {
      const decision = await strictest.evaluate({ method: 'GET', target: '/', authorization });
      return decision.allow ? decision : untrusted(c, decision, config.server.trustProxy, warned);
    }
    const methodOverride = methodOverrideOf(requestViewOf(c, services.requestView).headerPairs);
    const { method, target } = forwarded;
    const decision = await routes.evaluate({ method, target, authorization, methodOverride });
    // The proxy in front passes the headers on as they are, so only a route that allows them may.
    if (decision.allow && methodOverride !== undefined && !decision.route.methodOverride) {
      const detail = 'method-override headers are not allowed on this route';
      return {
        allow: false,
        route: decision.route,
        error: forwardAuthRefused(detail),
        reason: 'method-override',
      };
    }
    return decision;
  };
}

const UNTRUSTED = {
  // No trustProxy: whatever the peer says about the request is ignored.
  'not-trusted':
    'the forwarded request was not trusted (server.trustProxy is false), so the strictest policy ' +
    'applied (a live session and every scope any route requires); set server.trustProxy: true ' +
    'when only your proxy can reach gatehouse',
  // trustProxy, but neither header pair (nor an Envoy-style path) names the request.
  'not-forwarded':
    'no forwarded request (X-Forwarded-Method + X-Forwarded-Uri, X-Original-Method + ' +
    'X-Original-URI, or <verify path>/<original path>), so the strictest policy applied (a live ' +
    'session and every scope any route requires); configure the proxy to send them',
} as const;

/**
 * A strictest-policy denial that says why the forwarded request was not used and which setting
 * fixes it, in the body and (once per process and cause, at warn) in the log.
 */
function untrusted(
  c: Context<GatewayEnv>,
  decision: Extract<Decision, { allow: false }>,
  trustProxy: boolean,
  warned: Set<string>,
): Decision {
  const cause = trustProxy ? 'not-forwarded' : 'not-trusted';
  const advice = UNTRUSTED[cause];
  if (!warned.has(cause)) {
    warned.add(cause);
    c.get('log').warn({ reason: decision.reason, cause }, `forward-auth: ${advice}`);
  }
  const { error } = decision;
  const detail = `${error.detail ?? error.title}; ${advice}`;
  return { ...decision, error: withDetail(error, detail) };
}

function withDetail(error: GatewayError, detail: string): GatewayError {
  const { code, status, title, headers, challenge, field, reason } = error;
  return new GatewayError({ code, status, title, detail, headers, challenge, field, reason });
}

/**
 * The error a denial renders as. A request no route covers, or whose target the path rules
 * reject, gets 403 rather than the proxy's 404/400: nginx's auth_request relays only 401 and
 * 403 (anything else becomes 500), and a deny is the safe answer for an unknown request.
 */
function refusal(decision: Extract<Decision, { allow: false }>) {
  if (decision.reason === 'no-route') return forwardAuthRefused('no route for this request');
  if (decision.reason === 'bad-path' || decision.reason === 'method-override') {
    return forwardAuthRefused(decision.error.detail ?? 'the request target is rejected');
  }
  return decision.error;
}
