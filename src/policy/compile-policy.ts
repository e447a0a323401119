import type { PolicyName, RouteConfig } from '../config/route-schema.js';
import type { AccessTokenVerifier } from '../tokens/verify-access-token.js';
import type { PolicyStep } from './steps/policy-step.js';
import { requireScopes } from './steps/require-scopes.js';
import { verifyToken } from './steps/verify-token.js';

/** Services the policy steps use. */
export interface PolicyServices {
  verifier: AccessTokenVerifier;
}

type PolicyBuilder = (route: RouteConfig, services: PolicyServices) => PolicyStep[];

const builders: Record<PolicyName, PolicyBuilder | undefined> = {
  public: (route) => {
    if (route.scopes.length > 0) throw new Error("a 'public' route cannot require scopes");
    return [];
  },
  token: (route, services) => [
    verifyToken(services.verifier),
    ...(route.scopes.length > 0 ? [requireScopes(route.scopes)] : []),
  ],
  // Need the session store; they come with the session and revocation steps.
  session: undefined,
  context: undefined,
};

/** Compiles a route's policy into its ordered steps; throws for policies not available. */
export function compilePolicy(route: RouteConfig, services: PolicyServices): readonly PolicyStep[] {
  const build = builders[route.policy];
  if (!build) throw new Error(`policy '${route.policy}' is not available yet`);
  return Object.freeze(build(route, services));
}
