import { buildDeps } from './adapters/node/build-deps.js';
import { startDemoUpstream } from './adapters/node/demo-upstream.js';
import { listen } from './adapters/node/listen.js';
import { configPath, loadConfigFile } from './adapters/node/load-config-file.js';
import { createPinoLogger } from './adapters/node/pino-logger.js';
import { createGateway } from './gateway.js';

// Process entry: load config → build deps → createGateway → listen; drain on SIGTERM.

const path = configPath(process.env);
const loaded = loadConfigFile(path, process.env);
if (!loaded.ok) {
  process.stderr.write(`gatehouse: invalid config ${path}\n`);
  for (const problem of loaded.problems) process.stderr.write(`  ${problem}\n`);
  process.exit(1);
}
const { config } = loaded;
const logger = createPinoLogger(config.server.logLevel);

try {
  const deps = await buildDeps(config, logger, process.env);
  const demo =
    config.demo.upstreamPort === undefined
      ? undefined
      : await startDemoUpstream('127.0.0.1', config.demo.upstreamPort);
  const gateway = createGateway(deps);
  const listener = await listen(gateway.app.fetch, config.server);
  logger.info(
    { host: config.server.host, port: listener.port, kid: deps.keyring.active.kid, config: path },
    'gatehouse listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    gateway.startDraining();
    await listener.close(config.server.timeouts.shutdownGrace);
    await Promise.allSettled([deps.upstream.close(), deps.store.close()]);
    demo?.close();
    logger.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'failed to start');
  process.exit(1);
}
