import { buildDeps } from './adapters/node/build-deps.js';
import { startDemoUpstream } from './adapters/node/demo-upstream.js';
import { listen } from './adapters/node/listen.js';
import { configPath, loadConfigFile } from './adapters/node/load-config-file.js';
import { createPinoLogger } from './adapters/node/pino-logger.js';
import { createGateway } from './gateway.js';
import { keyReloadListener } from './tokens/key-reload-listener.js';

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
  // Keys kept in the store: follow rotations made through any instance (SPEC §4).
  const keyFollower =
    config.tokens.keys.source === 'store' && deps.signingKeys
      ? await deps.store.subscribe(keyReloadListener(deps.signingKeys, logger))
      : undefined;
  // The revocation mirror syncs before the port opens; if the store is down it keeps trying, and
  // /readyz answers 503 (mirror: starting) until it is in sync.
  await gateway.start();
  const listener = await listen(gateway.app.fetch, config.server);
  // admin.port: the admin API (with the ops endpoints) on its own listener, e.g. an internal address.
  const adminListener =
    gateway.adminApp === undefined
      ? undefined
      : await listen(
          gateway.adminApp.fetch,
          { ...config.server, host: config.admin.host ?? config.server.host },
          config.admin.port,
        );
  logger.info(
    {
      host: config.server.host,
      port: listener.port,
      adminPort: adminListener?.port,
      kid: deps.keyring.active.kid,
      config: path,
    },
    'gatehouse listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    gateway.startDraining();
    await Promise.all([
      listener.close(config.server.timeouts.shutdownGrace),
      adminListener?.close(config.server.timeouts.shutdownGrace),
    ]);
    await keyFollower?.close().catch(() => {});
    await gateway.close().catch(() => {});
    await Promise.allSettled([deps.upstream.close(), deps.store.close()]);
    demo?.close();
    logger.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  logger.error(
    { err: { name: (error as Error).name, message: (error as Error).message } },
    'failed to start',
  );
  process.exit(1);
}
