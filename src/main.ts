import cluster from 'node:cluster';
import {
  configPath,
  configProblemReport,
  loadConfigFile,
} from './adapters/node/load-config-file.js';
import { createPinoLogger } from './adapters/node/pino-logger.js';
import { runPrimary } from './adapters/node/process/run-primary.js';
import { runSingleProcess } from './adapters/node/process/run-single-process.js';
import { runWorker } from './adapters/node/process/run-worker.js';
import { workerCount } from './adapters/node/process/start-worker-pool.js';
import { workerProtocol } from './adapters/node/process/worker-protocol.js';
import { logSafeError } from './observability/log-safe-error.js';

// Process entry: load config → one process, or a node:cluster primary and its workers (each
// worker runs this file again and takes the worker branch); drain on SIGTERM.

const path = configPath(process.env);
const loaded = await loadConfigFile(path, process.env);
if (!loaded.ok) {
  process.stderr.write(configProblemReport(path, loaded.problems));
  process.exit(1);
}
const { config } = loaded;
const isWorker = workerProtocol.isWorker(process.env);
const rootLogger = createPinoLogger(config.server.logLevel);
const logger = isWorker ? rootLogger.child({ worker: cluster.worker!.id }) : rootLogger;
const workers = workerCount(config.server.workers);

try {
  if (isWorker) {
    await runWorker(config, logger, process.env);
  } else if (workers > 1) {
    await runPrimary(config, logger, { workers, configPath: path, env: process.env });
  } else {
    await runSingleProcess(config, logger, { configPath: path, env: process.env });
  }
} catch (error) {
  logger.error({ err: logSafeError(error) }, 'failed to start');
  process.exit(1);
}
