import { Hono, type Context } from 'hono';
import { forwardAuthRefused, methodNotAllowed } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { noteDecision } from '../../http/request-outcome.js';
import type { PolicyServices } from '../../policy/compile-policy.js';
import { requestViewOf } from '../../http/request-view.js';
import { compileStrictestRoute } from '../../policy/routes/compile-strictest-route.js';
import type { Decision } from '../../policy/decision.js';
import { createRequestEvaluator } from '../../policy/evaluate-request.js';
import { forwardAuthHeaders } from './forward-auth-headers.js';
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
    return c.body(null, 200, forwardAuthHeaders(decision.identity, decision.context?.json ?? null));
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
      return strictest.evaluate({ method: 'GET', target: '/', authorization });
    }
    return routes.evaluate({ method: forwarded.method, target: forwarded.target, authorization });
  };
}

/**
 * The error a denial renders as. A request no route covers, or whose target the path rules
 * reject, gets 403 rather than the proxy's 404/400: nginx's auth_request relays only 401 and
 * 403 (anything else becomes 500), and a deny is the safe answer for an unknown request.
 */
function refusal(decision: Extract<Decision, { allow: false }>) {
  if (decision.reason === 'no-route') return forwardAuthRefused('no route for this request');
  if (decision.reason === 'bad-path') {
    return forwardAuthRefused(decision.error.detail ?? 'the request target is rejected');
  }
  return decision.error;
}
