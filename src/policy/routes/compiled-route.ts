import type { PolicyName } from '../../config/route-schema.js';
import type { PolicyStep } from '../steps/policy-step.js';
import type { AssertionInput } from '../../tokens/sign-assertion.js';

/** Where a route forwards to, compiled from its `upstream` URL and `stripPrefix`. */
export interface RouteUpstream {
  /** `http://host:port`. */
  origin: string;
  /** Value for the upstream `Host` header. */
  host: string;
  /** Upstream path and query for a normalised request path: base path + path after stripPrefix. */
  target(path: string, search: string): string;
}

/** One route, compiled once from config: matcher, methods, policy steps and upstream. */
export interface CompiledRoute {
  index: number;
  name: string;
  policy: PolicyName;
  /** True when the normalised path falls under `match.path`. */
  matchesPath(path: string): boolean;
  /** Allowed methods; null when all are. */
  methods: ReadonlySet<string> | null;
  /** Null for routes used only through forward-auth. */
  upstream: RouteUpstream | null;
  scopes: readonly string[];
  forwardToken: boolean;
  /** Accepts `;` path parameters (routes/path-parameters). */
  matrixParams: boolean;
  /** Forwards method-override headers, for methods that reach this same route. */
  methodOverride: boolean;
  /** Time allowed until upstream response headers. */
  timeoutMs: number;
  bodyLimit: number | undefined;
  /** The policy as an ordered list of checks. */
  steps: readonly PolicyStep[];
  /** Signs the route's X-Auth-Assertion (`assertion: true`); null on other routes. */
  assertion: RouteAssertion | null;
}

/** A route's signed assertion: its audience, and the signer bound to it. */
export interface RouteAssertion {
  /** `aud`: the route's configured name, else its upstream origin. */
  audience: string;
  sign(request: Omit<AssertionInput, 'audience'>): Promise<string>;
}
