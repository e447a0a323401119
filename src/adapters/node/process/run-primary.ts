import type { GatehouseConfig } from '../../../config/schema.js';
import type { Logger } from '../../../observability/logger.js';
import { startConfiguredDemoUpstream } from '../demo/demo-upstream.js';
import { serveClusterMetrics } from '../metrics/serve-cluster-metrics.js';
import { prepareSigningKeys } from '../keys/start-signing-keys.js';
import { startWorkerPool } from './start-worker-pool.js';

/**
 * `server.workers` above 1: this process becomes the node:cluster primary. It does what must happen
 * once (signing keys, the demo API, the metrics aggregation), forks the workers that serve the
 * shared ports, logs "gatehouse listening" once all serve, and on SIGTERM/SIGINT drains them all
 * and exits 0 (1 if one did not stop cleanly, if one failed to start or if they keep dying).
 */
export async function runPrimary(
  config: GatehouseConfig,
  logger: Logger,
  options: { workers: number; configPath: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  const kid = await prepareSigningKeys(config, logger, options.env);
  const demo = await startConfiguredDemoUpstream(config.demo);
  // A worker scraped for /metrics asks the primary for every worker's metrics.
  if (config.metrics.enabled) serveClusterMetrics();

  const pool = startWorkerPool({
    count: options.workers,
    logger,
    shutdownGraceMs: config.server.timeouts.shutdownGrace,
  });
  let exiting: Promise<void> | undefined;
  const exit = (signal: string, failed: boolean) =>
    (exiting ??= pool.stop(signal).then((clean) => {
      demo?.close();
      const code = failed || !clean ? 1 : 0;
      logger.info({ code }, 'stopped');
      process.exit(code);
    }));
  process.on('SIGTERM', () => void exit('SIGTERM', false));
  process.on('SIGINT', () => void exit('SIGINT', false));
  void pool.gaveUp.then(() => exit('crash loop', true));

  const first = await pool.ready.catch(() => undefined);
  if (first === undefined) return void exit('start-up failed', true);
  logger.info(
    {
      workers: options.workers,
      host: config.server.host,
      port: first.port,
      adminPort: first.adminPort,
      kid,
      config: options.configPath,
    },
    'gatehouse listening',
  );
}
