import type { Context, Handler } from 'hono';
import { notFound } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { noteDecision } from '../../http/note-decision.js';
import type { Decision } from '../../policy/decision.js';
import {
  buildUpstreamHeaders,
  type UpstreamHeaderPolicy,
} from '../../proxy/build-upstream-headers.js';
import { requestHeaderPairs } from '../../proxy/request-header-pairs.js';
import { requestTarget } from '../../proxy/request-target.js';

/** The catch-all handler: evaluate the matching route's policy, then forward upstream. */
export function proxyHandler(services: GatewayServices): Handler<GatewayEnv> {
  const { config, upstream } = services;
  const evaluator = services.routes;
  const cookieName = config.sessions.cookie.name;
  const headerPolicy: UpstreamHeaderPolicy = {
    trustProxy: config.server.trustProxy,
    gatewayCookies: [`__Host-${cookieName}`, cookieName],
  };

  return async (c) => {
    const bindings: unknown = c.env;
    const decision = await evaluator.evaluate({
      method: c.req.method,
      target: requestTarget(bindings, c.req.url),
      authorization: c.req.header('authorization'),
    });
    noteDecision(c, decision);
    if (!decision.allow) return deny(c, decision);
    const { route } = decision;
    if (!route.upstream) throw notFound(); // a forward-auth-only route
    const requestId = c.get('requestId');
    const headers = buildUpstreamHeaders(
      requestHeaderPairs(bindings, c.req.raw),
      {
        host: route.upstream.host,
        forwardToken: route.forwardToken,
        identity: decision.identity,
        context: decision.context?.json ?? null,
        requestId,
        peerAddress: services.remoteAddress(bindings),
        proto: c.req.url.startsWith('https:') ? 'https' : 'http',
      },
      headerPolicy,
    );
    const result = await upstream.forward(
      {
        origin: route.upstream.origin,
        path: route.upstream.target(decision.path, decision.search),
        method: c.req.method,
        headers,
        responseHeaders: { 'x-request-id': requestId },
        timeoutMs: route.timeoutMs,
        bodyLimit: route.bodyLimit,
      },
      { request: c.req.raw, bindings },
    );
    c.set('status', result.status);
    return result.response;
  };
}

/** The one log site for denials; the error boundary renders the error. */
function deny(c: Context<GatewayEnv>, decision: Extract<Decision, { allow: false }>): never {
  c.get('log').debug({ route: decision.route?.name, reason: decision.reason }, 'request denied');
  throw decision.error;
}
