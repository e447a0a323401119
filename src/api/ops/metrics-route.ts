import { Hono } from 'hono';
import type { GatehouseConfig } from '../../config/schema.js';
import { invalidToken, missingToken, notReady } from '../../errors/errors.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { routeLabel } from '../../http/route-label.js';
import { bearerToken } from '../../lib/bearer-token.js';
import { constantTimeEqual, sha256Hex } from '../../lib/crypto.js';
import { logSafeError } from '../../observability/log-safe-error.js';
import type { Metrics } from '../../observability/metrics.js';

/** Throws 401 unless `authorization` carries the bearer token whose SHA-256 is `sha256`. */
async function requireScrapeToken(authorization: string | undefined, sha256: string) {
  const token = bearerToken(authorization);
  if (token === undefined) throw missingToken();
  // Only the hash is configured; hashes have one length, so the comparison time says nothing.
  if (!constantTimeEqual(await sha256Hex(token), sha256))
    throw invalidToken('unknown metrics token');
}

/**
 * `GET <metrics.path>`: the Prometheus text exposition (with workers, summed or maxed over all of
 * them), behind a bearer token when `metrics.tokenSha256` is set.
 */
export function metricsRoute(
  metrics: Metrics,
  config: GatehouseConfig['metrics'],
): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.get(config.path, routeLabel('ops'), async (c) => {
    if (config.tokenSha256 !== undefined) {
      await requireScrapeToken(c.req.header('authorization'), config.tokenSha256);
    }
    let exposition;
    try {
      exposition = await metrics.expose();
    } catch (error) {
      c.get('log').warn({ cause: logSafeError(error) }, 'metrics unavailable');
      throw notReady('metrics are unavailable; retry shortly');
    }
    return c.body(exposition.body, 200, {
      'content-type': exposition.contentType,
      'cache-control': 'no-store',
    });
  });
  return app;
}
