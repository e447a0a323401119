import { badRequest, notFound } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { CompiledRoute } from './routes/compiled-route.js';
import type { Decision } from './decision.js';
import { matchRoute } from './routes/match-route.js';
import { normalizePath, type NormalizedTarget } from './routes/normalize-path.js';
import { hasPathParameters, withoutPathParameters } from './routes/path-parameters.js';
import { runPolicySteps } from './run-policy-steps.js';
import type { EvaluationInput } from './steps/policy-step.js';

export type { EvaluationInput } from './steps/policy-step.js';

/** Applies route policies to requests; shared by the reverse proxy and forward-auth. */
export interface RequestEvaluator {
  evaluate(input: EvaluationInput): Promise<Decision>;
}

/** Builds the evaluator over routes compiled once: normalise, match, then run the route's steps. */
export function createRequestEvaluator(routes: readonly CompiledRoute[]): RequestEvaluator {
  const matrixRoutes = routes.some((route) => route.matrixParams);
  return {
    async evaluate(input) {
      let target: NormalizedTarget;
      try {
        target = normalizePath(input.target);
      } catch (error) {
        if (error instanceof GatewayError)
          return { allow: false, route: null, error, reason: 'bad-path' };
        throw error;
      }
      const matched = matchedPath(target.path, matrixRoutes);
      if (typeof matched !== 'string') return matched;
      const route = matchRoute(routes, matched, input.method);
      if (matched !== target.path && !route?.matrixParams) return pathParameterRefused();
      if (!route) return { allow: false, route: null, error: notFound(), reason: 'no-route' };
      if (route.methodOverride && input.methodOverride !== undefined) {
        const refused = overrideRefusal(routes, route, matched, input);
        if (refused) return refused;
      }
      const outcome = await runPolicySteps(route.steps, input);
      if (!outcome.allow) {
        const { error, reason } = outcome.denial;
        return { allow: false, route, error, reason };
      }
      const { identity } = outcome.context;
      // Signed last, only for an allowed request: a denial never costs a signature.
      const assertion =
        route.assertion && identity
          ? await route.assertion.sign({
              identity,
              method: input.method,
              path: target.path + target.search,
            })
          : null;
      return {
        allow: true,
        route,
        identity,
        context: outcome.context.context,
        path: target.path,
        search: target.search,
        assertion,
      };
    },
  };
}

// RFC 9110 §9.1: a method is a token.
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * On a `methodOverride` route, the overridden method must be one token (every override header
 * agreeing) and must reach this same route when sent as itself, so the route's methods and scopes
 * are the ones that apply to what the upstream will run; else 400 naming the header.
 */
function overrideRefusal(
  routes: readonly CompiledRoute[],
  route: CompiledRoute,
  path: string,
  input: EvaluationInput,
): Decision | undefined {
  const named = new Set(input.methodOverride!.split(',').map((m) => m.trim().toUpperCase()));
  const [method] = named;
  const refuse = (detail: string): Decision => ({
    allow: false,
    route,
    error: badRequest('x-http-method-override', detail),
    reason: 'method-override',
  });
  if (named.size !== 1 || !METHOD_TOKEN.test(method!)) {
    return refuse('method-override headers must name one method');
  }
  if (method === input.method.toUpperCase()) return undefined;
  if (matchRoute(routes, path, method!) !== route) {
    return refuse(`overriding ${input.method} with ${method} is not allowed on this route`);
  }
  return undefined;
}

const pathParameterRefused = (): Decision => ({
  allow: false,
  route: null,
  error: badRequest('path', 'path parameters (";") are not accepted on this route'),
  reason: 'bad-path',
});

/**
 * The path routes are matched on (routes/path-parameters): the normalised path itself, or, when
 * it carries `;` parameters and some route accepts them, the path without them; that path must be
 * canonical as it is (a parameter on a `..` or empty segment would resolve upstream to a path no
 * route was matched on). A denial when no route accepts parameters at all.
 */
function matchedPath(path: string, matrixRoutes: boolean): string | Decision {
  if (!hasPathParameters(path)) return path;
  if (!matrixRoutes) return pathParameterRefused();
  const bare = withoutPathParameters(path);
  if (normalizePath(bare).path !== bare) {
    const error = badRequest('path', 'a path parameter (";") on an empty or dot segment');
    return { allow: false, route: null, error, reason: 'bad-path' };
  }
  return bare;
}
