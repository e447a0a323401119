import { notFound } from '../errors/errors.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { CompiledRoute } from './routes/compiled-route.js';
import type { Decision } from './decision.js';
import { matchRoute } from './routes/match-route.js';
import { normalizePath, type NormalizedTarget } from './routes/normalize-path.js';
import { runPolicySteps } from './run-policy-steps.js';
import type { EvaluationInput } from './steps/policy-step.js';

export type { EvaluationInput } from './steps/policy-step.js';

/** Applies route policies to requests; shared by the reverse proxy and forward-auth. */
export interface RequestEvaluator {
  evaluate(input: EvaluationInput): Promise<Decision>;
}

/** Builds the evaluator over routes compiled once: normalise, match, then run the route's steps. */
export function createRequestEvaluator(routes: readonly CompiledRoute[]): RequestEvaluator {
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
      const route = matchRoute(routes, target.path, input.method);
      if (!route) return { allow: false, route: null, error: notFound(), reason: 'no-route' };
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
