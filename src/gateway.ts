import { Hono } from 'hono';
import { authRoutes } from './api/auth/auth-routes.js';
import { opsRoutes } from './api/ops/ops-routes.js';
import { proxyHandler } from './api/proxy/proxy-handler.js';
import type { GatewayDeps } from './deps.js';
import { notFound } from './errors/errors.js';
import type { GatewayServices } from './gateway-services.js';
import { accessLog } from './http/access-log.js';
import { errorBoundary } from './http/error-boundary.js';
import type { GatewayEnv } from './http/gateway-env.js';
import { requestId } from './http/request-id.js';
import { createContextCodec } from './sessions/context-codec.js';
import type { SigningAlgorithm } from './tokens/keyring.js';
import { createAccessTokenSigner } from './tokens/sign-access-token.js';
import { createAccessTokenVerifier } from './tokens/verify-access-token.js';

export interface Gateway {
  /** The Hono app: `app.fetch` for listeners, `app.request()` for in-process tests. */
  app: Hono<GatewayEnv>;
  /** Flips /readyz to 503 ahead of shutdown. */
  startDraining(): void;
}

/** Builds the gateway from injected deps: the one place routes and middleware are mounted. */
export function createGateway(deps: GatewayDeps): Gateway {
  const { config, clock, keyring, logger } = deps;
  let draining = false;
  const services: GatewayServices = {
    signer: createAccessTokenSigner({
      keyring,
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      accessTtlMs: config.tokens.accessTtl,
      clock,
    }),
    verifier: createAccessTokenVerifier({
      keyring,
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      // Retired keys of another algorithm keep verifying their tokens until those expire (SPEC §4);
      // the key resolver still pins each kid to its own algorithm.
      algorithms: [...new Set(keyring.jwks().keys.map((jwk) => jwk.alg as SigningAlgorithm))],
      clockToleranceMs: config.tokens.clockTolerance,
      clock,
      cacheSize: config.tokens.verifiedCacheSize,
    }),
    // Throws for unusable context encryption keys, so a bad config never starts serving.
    contextCodec: createContextCodec(config.sessions.contextEncryption.keys),
    isDraining: () => draining,
  };

  const app = new Hono<GatewayEnv>();
  app.onError(errorBoundary(logger));
  app.notFound(() => {
    throw notFound();
  });
  app.use(requestId(logger));
  if (config.server.accessLog) app.use(accessLog(clock));

  app.route('/', opsRoutes(deps, services));
  app.route(config.authPrefix, authRoutes(deps, services));
  app.all('*', proxyHandler(deps, services));

  return {
    app,
    startDraining: () => {
      draining = true;
    },
  };
}
