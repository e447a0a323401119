import type { RouteConfig } from '../../config/route-schema.js';
import type { GatehouseConfig } from '../../config/schema.js';
import { compilePathMatcher } from './match-route.js';
import { compilePolicy, type PolicyServices, type PolicySettings } from '../compile-policy.js';
import { compileUpstream } from './compile-upstream.js';
import type { CompiledRoute, RouteAssertion } from './compiled-route.js';
import { createStoreOutageLog } from '../store-outage-log.js';
import { createContextForwarder } from '../../context/context-forwarder.js';

/**
 * Compiles the configured routes once, at start: matchers, method sets, upstreams and policy
 * steps. Throws an Error naming the route (`routes[2].match.path: ...`) for anything unusable.
 */
export function compileRoutes(
  config: GatehouseConfig,
  services: PolicyServices,
): readonly CompiledRoute[] {
  const defaultTimeoutMs = config.server.timeouts.upstream;
  const settings: PolicySettings = {
    revocationMode: config.revocation.mode,
    contextHeaderMaxBytes: config.sessions.contextHeaderMaxBytes,
    contexts: createContextForwarder(services.contextCodec),
    outages: createStoreOutageLog(services.logger, services.clock),
  };
  return Object.freeze(
    config.routes.map((route, index) =>
      compileRoute(route, index, defaultTimeoutMs, services, settings),
    ),
  );
}

/**
 * What compileRoutes would refuse in these (schema-valid) routes, as `routes[i].field: message`
 * lines, without building their policies: check-config and start-up report them with the other
 * config problems, in one pass.
 */
export function routeProblems(
  routes: ReadonlyArray<{ index: number; route: RouteConfig }>,
): string[] {
  const problems: string[] = [];
  for (const { index, route } of routes) {
    const check = (field: string, compile: () => unknown) => {
      try {
        compile();
      } catch (error) {
        problems.push(`routes[${index}]${field}: ${(error as Error).message}`);
      }
    };
    check('.match.path', () => compilePathMatcher(route.match.path));
    const upstream = route.upstream;
    if (upstream) check('.upstream', () => compileUpstream(upstream, route.stripPrefix));
  }
  return problems;
}

/**
 * The audience of a route's assertion: its configured name, else its upstream origin (a name
 * left to default, `route-<index>`, would change whenever routes are reordered). The schema
 * refuses `assertion: true` on a route with neither.
 */
export function assertionAudience(route: RouteConfig): string {
  if (route.name !== undefined) return route.name;
  if (route.upstream !== undefined) return new URL(route.upstream).origin;
  throw new Error('needs a name or an upstream for its audience');
}

function compileAssertion(route: RouteConfig, services: PolicyServices): RouteAssertion | null {
  if (!route.assertion) return null;
  const signer = services.assertions;
  if (!signer) throw new Error('needs an assertion signer (PolicyServices.assertions)');
  const audience = assertionAudience(route);
  return { audience, sign: (request) => signer.sign({ ...request, audience }) };
}

function compileRoute(
  route: RouteConfig,
  index: number,
  defaultTimeoutMs: number,
  services: PolicyServices,
  settings: PolicySettings,
): CompiledRoute {
  const at = <T>(field: string, compile: () => T): T => {
    try {
      return compile();
    } catch (error) {
      throw new Error(`routes[${index}]${field}: ${(error as Error).message}`);
    }
  };
  const methods = route.match.methods ? new Set(route.match.methods) : null;
  // RFC 9110 §9.3.2: HEAD is GET without the content, so a GET route serves HEAD too.
  if (methods?.has('GET')) methods.add('HEAD');
  const upstream = route.upstream;
  return Object.freeze({
    index,
    name: route.name ?? `route-${index}`,
    policy: route.policy,
    matchesPath: at('.match.path', () => compilePathMatcher(route.match.path)),
    methods,
    upstream: upstream ? at('.upstream', () => compileUpstream(upstream, route.stripPrefix)) : null,
    scopes: route.scopes,
    forwardToken: route.forwardToken,
    matrixParams: route.matrixParams,
    methodOverride: route.methodOverride,
    timeoutMs: route.timeout ?? defaultTimeoutMs,
    bodyLimit: route.bodyLimit,
    steps: at('', () => compilePolicy(route, services, settings)),
    assertion: at('.assertion', () => compileAssertion(route, services)),
  });
}
