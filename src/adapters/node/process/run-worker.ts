import type { GatehouseConfig } from '../../../config/schema.js';
import type { Logger } from '../../../observability/logger.js';
import { runGateway } from './run-gateway.js';
import { workerProtocol } from './worker-protocol.js';

/**
 * A worker forked by the primary: the single-process gateway (its own store connections, revocation
 * mirror and verified-token cache; its listeners share the primary's ports), which tells the
 * primary when it serves. SIGTERM or SIGINT drains it and exits 0 (1 if closing failed); the
 * primary sends SIGTERM, and a terminal's Ctrl-C sends SIGINT to the whole group: one drain either way.
 */
export async function runWorker(
  config: GatehouseConfig,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const started = runGateway(config, logger, env);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A worker asked to stop while starting drains as soon as it has started (nothing in flight).
    void started
      .then((gateway) => gateway.stop(signal))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const gateway = await started;
  if (stopping) return;
  logger.info({ port: gateway.port, adminPort: gateway.adminPort }, 'worker ready');
  process.send?.(workerProtocol.ready(gateway.port, gateway.adminPort));
}
