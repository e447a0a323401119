import { Hono } from 'hono';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { routeLabel } from '../../http/route-label.js';

const JWKS_MAX_AGE_SECONDS = 300;

/** /healthz (process alive), /readyz (able to serve), /.well-known/jwks.json (public keys). */
export function opsRoutes(
  services: Pick<
    GatewayServices,
    'keyring' | 'pingStore' | 'isDraining' | 'revocationMirror' | 'clock'
  >,
): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const ops = routeLabel('ops');

  app.get('/healthz', ops, (c) => c.json({ status: 'ok' }, 200, { 'cache-control': 'no-store' }));

  app.get('/readyz', ops, async (c) => {
    const checks: Record<string, string> = {
      keys: services.keyring.active ? 'ok' : 'fail',
      store: (await services.pingStore().then(
        () => true,
        () => false,
      ))
        ? 'ok'
        : 'fail',
      draining: services.isDraining() ? 'fail' : 'ok',
      // README "Revocation": ready only while the revocation mirror is in sync (`mirror` mode).
      ...(services.revocationMirror && {
        mirror: services.revocationMirror.status(services.clock.now()),
      }),
    };
    const ready = Object.values(checks).every((v) => v === 'ok');
    return c.json(
      { status: ready ? 'ready' : 'not-ready', checks },
      ready ? 200 : 503,
      ready ? { 'cache-control': 'no-store' } : { 'cache-control': 'no-store', 'retry-after': '1' },
    );
  });

  // Caches may hold the set for a few minutes; a new key signs at once after rotation, so
  // verifiers should refetch on an unknown kid (as jose's remote JWK set does).
  app.get('/.well-known/jwks.json', ops, (c) =>
    c.json(services.keyring.jwks(), 200, {
      'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
      'content-type': 'application/jwk-set+json',
    }),
  );

  return app;
}
