import cluster from 'node:cluster';

/** What a worker tells the primary once both its listeners accept connections. */
export interface WorkerReady {
  gatehouse: 'worker-ready';
  port: number;
  adminPort: number | undefined;
}

// Set by the primary on the workers it forks, so a gatehouse run as a worker of some other
// node:cluster primary (e.g. a process manager's cluster mode) still runs as one plain process.
const MARK = 'GATEHOUSE_CLUSTER_WORKER';

/**
 * How the primary and its workers talk: the environment marking a forked worker and the IPC
 * message it sends when ready. (Draining is asked with SIGTERM, which also works on a worker that
 * is still starting.) Other messages on the channel are not gatehouse's and are ignored.
 */
export const workerProtocol = {
  /** Extra environment for `cluster.fork`. */
  env: { [MARK]: '1' } as Record<string, string>,

  /** True in a worker forked by a gatehouse primary. */
  isWorker(env: NodeJS.ProcessEnv): boolean {
    return cluster.isWorker && env[MARK] === '1';
  },

  ready(port: number, adminPort: number | undefined): WorkerReady {
    return { gatehouse: 'worker-ready', port, adminPort };
  },

  /** `message` if it is a worker's ready message, else undefined. */
  asReady(message: unknown): WorkerReady | undefined {
    const candidate = message as Partial<WorkerReady> | null;
    return typeof candidate === 'object' &&
      candidate !== null &&
      candidate.gatehouse === 'worker-ready' &&
      typeof candidate.port === 'number'
      ? (candidate as WorkerReady)
      : undefined;
  },
};
