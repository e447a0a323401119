import { Hono } from 'hono';
import { adminRoutes } from './api/admin/admin-routes.js';
import { authRoutes } from './api/auth/auth-routes.js';
import { metricsRoute } from './api/ops/metrics-route.js';
import { opsRoutes } from './api/ops/ops-routes.js';
import { proxyHandler } from './api/proxy/proxy-handler.js';
import type { GatewayDeps } from './deps.js';
import { notFound } from './errors/errors.js';
import { buildGatewayServices } from './gateway-services.js';
import { accessLog } from './http/access-log.js';
import { errorBoundary } from './http/error-boundary.js';
import type { GatewayEnv } from './http/gateway-env.js';
import { requestId } from './http/request-id.js';
import { requestMetrics } from './http/request-metrics.js';
import { routeLabel } from './http/route-label.js';
import type { StoreSubscription } from './store/revocation-log.js';
import { keyReloadListener } from './keys/key-reload-listener.js';

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
   * Starts what runs in the background (the key-set follower with `tokens.keys.source: store`;
   * the revocation mirror: subscribe, first full sync) and resolves once the mirror is in sync, or
   * once its first attempt failed (/readyz then says why).
   */
  start(): Promise<void>;
  /** Stops them; the store itself stays open (its owner closes it). */
  close(): Promise<void>;
}

/** Builds the gateway from injected deps: the one place routes and middleware are mounted. */
export function createGateway(deps: GatewayDeps): Gateway {
  let draining = false;
  const services = buildGatewayServices(deps, () => draining);
  const { config, clock, logger } = services;
  const { revocationMirror } = services;
  // Keys kept in the store: follow rotations made through any instance (README "Tokens and keys").
  const followsKeys = config.tokens.keys.source === 'store' && deps.signingKeys !== undefined;
  let keyFollower: StoreSubscription | undefined;

  const base = () => {
    const app = new Hono<GatewayEnv>();
    app.onError(errorBoundary(logger));
    app.notFound(() => {
      throw notFound();
    });
    app.use(requestId(logger));
    if (deps.metrics) app.use(requestMetrics(deps.metrics));
    if (config.server.accessLog) app.use(accessLog(clock));
    app.route('/', opsRoutes(services));
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
  (adminApp ?? app).route('/admin', adminRoutes(services));
  app.use(`${config.authPrefix}/*`, routeLabel('auth'));
  app.route(config.authPrefix, authRoutes(services));
  app.all('*', proxyHandler(services));

  return {
    app,
    adminApp,
    metricsApp,
    startDraining: () => {
      draining = true;
    },
    start: async () => {
      if (followsKeys && !keyFollower) {
        keyFollower = await services.keySets.watchKeySet(
          keyReloadListener(deps.signingKeys!, logger),
        );
      }
      await revocationMirror?.start();
    },
    close: async () => {
      await keyFollower?.close().catch(() => {});
      keyFollower = undefined;
      await revocationMirror?.stop();
    },
  };
}
