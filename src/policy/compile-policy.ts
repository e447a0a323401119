import type { PolicyName, RouteConfig } from '../config/route-schema.js';
import type { GatehouseConfig } from '../config/schema.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../observability/logger.js';
import type { RevocationMirror } from '../revocation/revocation-mirror.js';
import type { ContextCodec } from '../context/context-codec.js';
import type { ContextForwarder } from '../context/context-forwarder.js';
import type { RevocationLog } from '../store/revocation-log.js';
import type { SessionStore } from '../store/session-store.js';
import type { AssertionSigner } from '../tokens/sign-assertion.js';
import type { AccessTokenVerifier } from '../tokens/verify-access-token.js';
import type { StoreOutageLog } from './store-outage-log.js';
import { checkRevocationMirror } from './steps/check-revocation-mirror.js';
import { checkSession } from './steps/check-session.js';
import { loadContext } from './steps/load-context.js';
import type { PolicyStep } from './steps/policy-step.js';
import { requireScopes } from './steps/require-scopes.js';
import { verifyToken } from './steps/verify-token.js';

/** Services the policy steps use. */
export interface PolicyServices {
  verifier: AccessTokenVerifier;
  sessions: SessionStore;
  /** Lookup-mode revocation checks. */
  revocationLog: Pick<RevocationLog, 'isRevoked'>;
  clock: Clock;
  logger: Logger;
  contextCodec: ContextCodec;
  /** The instance's revocation mirror; null in `lookup` mode, where there is none. */
  revocationMirror: Pick<RevocationMirror, 'check' | 'status'> | null;
  /** Signs X-Auth-Assertion; needed only when a route has `assertion: true`. */
  assertions?: AssertionSigner;
}

/** Gateway-wide settings and state the policies are compiled with. */
export interface PolicySettings {
  revocationMode: GatehouseConfig['revocation']['mode'];
  contextHeaderMaxBytes: number;
  /** Shared by every `context` route: one forwarded context per session. */
  contexts: ContextForwarder;
  outages: StoreOutageLog;
}

type PolicyBuilder = (
  route: RouteConfig,
  services: PolicyServices,
  settings: PolicySettings,
) => PolicyStep[];

type SessionCheck = (
  route: RouteConfig,
  services: PolicyServices,
  settings: PolicySettings,
  withContext: boolean,
) => PolicyStep[];

/**
 * The session check for each revocation mode (README "Revocation"), chosen once per route at
 * compile time. `lookup` asks the store on every request. `mirror` asks the in-memory mirror only;
 * a `context` route still reads the session and its context from the store, but no revocation.
 */
const sessionChecks: Record<PolicySettings['revocationMode'], SessionCheck> = {
  lookup: (route, services, settings, withContext) => [
    checkSession({ ...storeRead(route, services, settings), withContext }),
  ],
  mirror: (route, services, settings, withContext) => {
    if (!services.revocationMirror)
      throw new Error("revocation.mode 'mirror' needs a revocation mirror");
    const { clock } = services;
    const { onStoreDown } = route;
    return [
      checkRevocationMirror({
        mirror: services.revocationMirror,
        clock,
        onStoreDown,
        outages: settings.outages,
      }),
      ...(withContext
        ? [
            checkSession({
              ...storeRead(route, services, settings),
              withContext,
              lookupRevocations: false,
            }),
          ]
        : []),
    ];
  },
};

const storeRead = (route: RouteConfig, services: PolicyServices, settings: PolicySettings) => ({
  sessions: services.sessions,
  revocationLog: services.revocationLog,
  clock: services.clock,
  onStoreDown: route.onStoreDown,
  outages: settings.outages,
});

const tokenSteps = (route: RouteConfig, services: PolicyServices) => [
  verifyToken(services.verifier),
  ...(route.scopes.length > 0 ? [requireScopes(route.scopes)] : []),
];

const sessionSteps = (
  route: RouteConfig,
  services: PolicyServices,
  settings: PolicySettings,
  withContext: boolean,
) => [
  ...tokenSteps(route, services),
  ...sessionChecks[settings.revocationMode](route, services, settings, withContext),
];

const builders: Record<PolicyName, PolicyBuilder> = {
  public: (route) => {
    if (route.scopes.length > 0) throw new Error("a 'public' route cannot require scopes");
    return [];
  },
  token: tokenSteps,
  session: (route, services, settings) => sessionSteps(route, services, settings, false),
  context: (route, services, settings) => [
    ...sessionSteps(route, services, settings, true),
    loadContext(settings.contexts, settings.contextHeaderMaxBytes),
  ],
};

/** Compiles a route's policy into its ordered steps. */
export function compilePolicy(
  route: RouteConfig,
  services: PolicyServices,
  settings: PolicySettings,
): readonly PolicyStep[] {
  return Object.freeze(builders[route.policy](route, services, settings));
}
