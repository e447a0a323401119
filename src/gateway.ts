import { Hono } from 'hono';
import { adminRoutes } from './api/admin/admin-routes.js';
import { authRoutes } from './api/auth/auth-routes.js';
import { metricsRoute } from './api/ops/metrics-route.js';
import { opsRoutes } from './api/ops/ops-routes.js';
import { proxyHandler } from './api/proxy/proxy-handler.js';
import type { GatewayDeps } from './deps.js';
import { notFound } from './errors/errors.js';
import type { GatewayServices } from './gateway-services.js';
import { accessLog } from './http/access-log.js';
import { errorBoundary } from './http/error-boundary.js';
import type { GatewayEnv } from './http/gateway-env.js';
import { requestId } from './http/request-id.js';
import { requestMetrics } from './http/request-metrics.js';
import { routeLabel } from './http/route-label.js';
import { noopMetrics } from './observability/metrics.js';
import type { PolicyServices } from './policy/compile-policy.js';
import { compileRoutes } from './policy/compile-routes.js';
import { createRequestEvaluator } from './policy/evaluate-request.js';
import { createRevocationMirror } from './revocation/revocation-mirror.js';
import { createContextCodec } from './sessions/context-codec.js';
import { instrumentStore } from './store/instrumented-store.js';
import { createAccessTokenSigner } from './tokens/sign-access-token.js';
import { createAccessTokenVerifier } from './tokens/verify-access-token.js';

export interface Gateway {
  /** The Hono app: `app.fetch` for listeners, `app.request()` for in-process tests. */
  app: Hono<GatewayEnv>;
  /**
   * With `admin.port`: the app that listener serves (the admin API and the ops endpoints); /admin
   * is then not served by `app`. Undefined otherwise.
   */
  adminApp?: Hono<GatewayEnv>;
  /**
   * With `metrics.port`: the app that listener serves (the metrics endpoint and the ops
   * endpoints); the metrics are then not served by `app` or `adminApp`. Undefined otherwise.
   */
  metricsApp?: Hono<GatewayEnv>;
  /** Flips /readyz to 503 ahead of shutdown. */
  startDraining(): void;
  /**
   * Starts what runs in the background (the revocation mirror: subscribe, first full sync) and
   * resolves once it is in sync, or once its first attempt failed (/readyz then says why).
   */
  start(): Promise<void>;
  /** Stops it; the store itself stays open (its owner closes it). */
  close(): Promise<void>;
}

/** Builds the gateway from injected deps: the one place routes and middleware are mounted. */
export function createGateway(given: GatewayDeps): Gateway {
  // With metrics, every store call the gateway makes is timed and its failures counted.
  const deps = given.metrics
    ? { ...given, store: instrumentStore(given.store, given.metrics) }
    : given;
  const { config, clock, keyring, logger } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  let draining = false;
  // README "Revocation": in `mirror` mode, session routes check this in-memory copy of the
  // revocation set.
  const revocations =
    config.revocation.mode === 'mirror'
      ? createRevocationMirror({
          store: deps.store,
          clock,
          maxStalenessMs: config.revocation.maxStaleness,
          scheduler: deps.scheduler,
          logger,
          metrics,
        })
      : null;
  const verifier = createAccessTokenVerifier({
    keyring,
    issuer: config.tokens.issuer,
    audience: config.tokens.audience,
    // No fixed `algorithms`: those of the keyring's keys, read per verification, so retired keys of
    // another algorithm keep verifying their tokens (README "Tokens and keys") and rotation can
    // change them; the key resolver still pins each kid to its own algorithm.
    refreshKeys: deps.signingKeys?.reloadForUnknownKid,
    clockToleranceMs: config.tokens.clockTolerance,
    clock,
    cacheSize: config.tokens.verifiedCacheSize,
    metrics,
  });
  metrics.observeActiveSessions(() => deps.store.countSessions(clock.now()));
  // Throws for unusable context encryption keys, so a bad config never starts serving.
  const contextCodec = createContextCodec(config.sessions.contextEncryption.keys);
  const policy: PolicyServices = {
    verifier,
    store: deps.store,
    clock,
    logger,
    contextCodec,
    revocations,
  };
  const services: GatewayServices = {
    signer: createAccessTokenSigner({
      keyring,
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      accessTtlMs: config.tokens.accessTtl,
      clock,
    }),
    verifier,
    contextCodec,
    revocations,
    policy,
    // One compiled route table for the reverse proxy and forward-auth (README "Forward-auth").
    routes: createRequestEvaluator(compileRoutes(config, policy)),
    isDraining: () => draining,
  };

  const base = () => {
    const app = new Hono<GatewayEnv>();
    app.onError(errorBoundary(logger));
    app.notFound(() => {
      throw notFound();
    });
    app.use(requestId(logger));
    if (deps.metrics) app.use(requestMetrics(deps.metrics));
    if (config.server.accessLog) app.use(accessLog(clock));
    app.route('/', opsRoutes(deps, services));
    return app;
  };

  const app = base();
  // With admin.port, /admin is served only on that listener (and the main port's /admin paths
  // are left to the routes).
  const adminApp = config.admin.port === undefined ? undefined : base();
  // Metrics go to their own listener if there is one, else to the internal admin listener, else
  // to the main port; ahead of the routes, so no route shadows them.
  const metricsApp =
    deps.metrics && config.metrics.enabled && config.metrics.port !== undefined
      ? base()
      : undefined;
  if (deps.metrics && config.metrics.enabled) {
    (metricsApp ?? adminApp ?? app).route('/', metricsRoute(deps.metrics, config.metrics));
  }
  (adminApp ?? app).use('/admin/*', routeLabel('admin'));
  (adminApp ?? app).route('/admin', adminRoutes(deps, services));
  app.use(`${config.authPrefix}/*`, routeLabel('auth'));
  app.route(config.authPrefix, authRoutes(deps, services));
  app.all('*', proxyHandler(deps, services));

  return {
    app,
    adminApp,
    metricsApp,
    startDraining: () => {
      draining = true;
    },
    start: async () => {
      await revocations?.start();
    },
    close: async () => {
      await revocations?.stop();
    },
  };
}
