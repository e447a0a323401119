import type { GatehouseConfig } from '../../../config/schema.js';
import { createGateway } from '../../../gateway.js';
import type { Logger } from '../../../observability/logger.js';
import { buildDeps } from '../build-deps.js';
import { listen } from '../http/listen.js';

/** A gateway serving on its listeners, in this process. */
export interface RunningGateway {
  port: number;
  /** The `admin.port` listener's port, when there is one. */
  adminPort: number | undefined;
  /** The active signing key. */
  kid: string;
  /**
   * Drains, then closes everything this process opened: /readyz 503, stop accepting, in-flight
   * requests finish (up to `shutdownGrace`), then the mirror, upstream pool and store. Calling it
   * again returns the same promise.
   */
  stop(signal: string): Promise<void>;
}

/**
 * One gatehouse process (or worker): build deps → createGateway → sync the revocation mirror →
 * listen on the main port and, with `admin.port`, the admin port.
 */
export async function runGateway(
  config: GatehouseConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<RunningGateway> {
  const deps = await buildDeps(config, logger, env);
  const gateway = createGateway(deps);
  // The key follower subscribes and the revocation mirror syncs before the port opens; if the
  // store is down it keeps trying, and /readyz answers 503 (mirror: starting) until it is in sync.
  await gateway.start();
  const listener = await listen(gateway.app.fetch, config.server);
  // admin.port / metrics.port: the admin API or the metrics (each with the ops endpoints) on a
  // listener of their own, e.g. on an internal address.
  const ownListener = (app: typeof gateway.adminApp, host: string | undefined, port?: number) =>
    app === undefined
      ? undefined
      : listen(app.fetch, { ...config.server, host: host ?? config.server.host }, port);
  const adminListener = await ownListener(gateway.adminApp, config.admin.host, config.admin.port);
  const metricsListener = await ownListener(
    gateway.metricsApp,
    config.metrics.host,
    config.metrics.port,
  );

  const stop = async (signal: string) => {
    logger.info({ signal }, 'draining');
    gateway.startDraining();
    await Promise.all([
      listener.close(config.server.timeouts.shutdownGrace),
      adminListener?.close(config.server.timeouts.shutdownGrace),
      metricsListener?.close(config.server.timeouts.shutdownGrace),
    ]);
    await gateway.close().catch(() => {});
    await Promise.allSettled([deps.upstream.close(), deps.store.close()]);
    logger.info({}, 'stopped');
  };
  let stopped: Promise<void> | undefined;
  return {
    port: listener.port,
    adminPort: adminListener?.port,
    kid: deps.keyring.active.kid,
    stop: (signal) => (stopped ??= stop(signal)),
  };
}
