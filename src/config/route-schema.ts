import { z } from 'zod';
import { durationMs, httpMethod, httpUrl, scopeList, sizeBytes } from './primitives.js';

/** Route policies, from least to most store access (README "How a request is handled"). */
export const policyNames = ['public', 'token', 'session', 'context'] as const;

/** One proxied (or forward-auth-only) route. */
export const routeSchema = z
  .strictObject({
    /** Name used in logs and metrics; defaults to `route-<index>`. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, digits, ".", "_" or "-"')
      .optional(),
    match: z.strictObject({
      /** `/exact`, `/prefix/*` (the prefix itself and everything below it), or `/*`. */
      path: z
        .string()
        .regex(/^\/[^?#\s]*$/, 'Must start with "/" and hold no query, fragment or spaces')
        .refine((p) => !p.slice(0, -1).includes('*'), 'A "*" may only end the pattern'),
      /** Methods allowed; all when omitted. */
      methods: z.array(httpMethod).min(1).optional(),
    }),
    /** Upstream base URL; optional for routes used only through /auth/verify. */
    upstream: httpUrl.optional(),
    policy: z.enum(policyNames),
    /** Every listed scope is required. */
    scopes: scopeList.prefault([]),
    /** Removed from the start of the path before forwarding. */
    stripPrefix: z
      .string()
      .regex(/^\/[^?#\s]*$/, 'Must start with "/"')
      .optional(),
    /** Accept `;` path parameters (matched with them removed); refused with 400 otherwise. */
    matrixParams: z.boolean().default(false),
    /**
     * Forward X-HTTP-Method-Override and its kin (stripped otherwise); the overridden method must
     * reach this same route, so its methods and scopes apply to it (README "Security at the edge").
     */
    methodOverride: z.boolean().default(false),
    /** Forward the client's Authorization header upstream. */
    forwardToken: z.boolean().default(false),
    /** Add X-Auth-Assertion, a short-lived JWT signed by the gateway. */
    assertion: z.boolean().default(false),
    /** What `session`/`context` routes do when the store cannot be read. */
    onStoreDown: z.enum(['closed', 'open']).default('closed'),
    /** Upstream response timeout (time to response headers). */
    timeout: durationMs.optional(),
    /** Largest request body forwarded; unlimited when omitted. */
    bodyLimit: sizeBytes.optional(),
  })
  .refine((r) => !r.stripPrefix || r.match.path.startsWith(r.stripPrefix), {
    message: 'stripPrefix must be a prefix of match.path',
    path: ['stripPrefix'],
  })
  // Anyone may call a public route: a scope there would never be checked.
  .refine((r) => r.policy !== 'public' || r.scopes.length === 0, {
    message: "a 'public' route cannot require scopes",
    path: ['scopes'],
  })
  // An assertion states who is calling; a public route has no one to name.
  .refine((r) => !r.assertion || r.policy !== 'public', {
    message: "a 'public' route has no identity to assert",
    path: ['assertion'],
  })
  // The assertion's audience is the name, else the upstream origin (README "signed assertions").
  .refine((r) => !r.assertion || r.name !== undefined || r.upstream !== undefined, {
    message: 'needs a name or an upstream: the assertion audience is one of them',
    path: ['assertion'],
  });

export type RouteConfig = z.output<typeof routeSchema>;
export type PolicyName = (typeof policyNames)[number];
