import type { GatehouseConfig } from '../../../config/schema.js';
import type { Logger } from '../../../observability/logger.js';
import { startConfiguredDemoUpstream } from '../demo/demo-upstream.js';
import { runGateway } from './run-gateway.js';

/** `server.workers: 1`: the gateway (and the demo API, if configured) in this one process. */
export async function runSingleProcess(
  config: GatehouseConfig,
  logger: Logger,
  options: { configPath: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  const gateway = await runGateway(config, logger, options.env);
  const demo = await startConfiguredDemoUpstream(config.demo);
  logger.info(
    {
      host: config.server.host,
      port: gateway.port,
      adminPort: gateway.adminPort,
      kid: gateway.kid,
      config: options.configPath,
    },
    'gatehouse listening',
  );
  const stop = (signal: string) =>
    void gateway.stop(signal).then(() => {
      demo?.close();
      process.exit(0);
    });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
