import { availableParallelism } from 'node:os';
import type { GatehouseConfig } from '../../../config/schema.js';
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../../../observability/logger.js';
import { workerProtocol, type WorkerReady } from './worker-protocol.js';

/** `server.workers` as a number: `auto` is one per core this process may use. */
export function workerCount(workers: GatehouseConfig['server']['workers']): number {
  return workers === 'auto' ? availableParallelism() : workers;
}

/** What the pool is built with. */
export interface WorkerPoolOptions {
  count: number;
  logger: Logger;
  /** `server.timeouts.shutdownGrace`: a draining worker still running after it + a margin is killed. */
  shutdownGraceMs: number;
  /** Give up when this many workers die within `crashWindowMs` (default 5 in 30 s). */
  crashLimit?: number;
  crashWindowMs?: number;
}

/** The primary's workers. */
export interface WorkerPool {
  /** The first ready message once all `count` workers serve; rejects if one exits before. */
  ready: Promise<WorkerReady>;
  /** Resolves once the pool gave up on workers that keep dying and has stopped the rest. */
  gaveUp: Promise<void>;
  /**
   * Drains every worker (SIGTERM), SIGKILLs those still running after the grace + margin and
   * resolves once all have exited: true if every worker that served exited 0. Same promise again.
   */
  stop(signal: string): Promise<boolean>;
}

// Time for a drained worker to close its mirror, pools and store after the grace.
const STOP_MARGIN_MS = 5000;
const RESPAWN_BASE_MS = 250;
const RESPAWN_MAX_MS = 5000;

/**
 * Forks `count` workers and keeps `count` running: a worker that dies is replaced after a backoff
 * that doubles with each recent death; when deaths come too fast (a crash loop) the pool stops the
 * rest and gives up rather than fork for ever. Nothing is respawned once stopping.
 */
export function startWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { count, logger } = options;
  const crashLimit = options.crashLimit ?? 5;
  const crashWindowMs = options.crashWindowMs ?? 30_000;
  const live = new Set<Worker>();
  const served = new Set<number>();
  const respawns = new Set<NodeJS.Timeout>();
  const deaths: number[] = [];
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let clean = true;
  let stopped: Promise<boolean> | undefined;
  let allExited = () => {};
  const ready = deferred<WorkerReady>();
  const gaveUp = deferred<void>();
  // A start-up failure is reported through `ready`; no unhandled rejection if nobody awaits it.
  ready.promise.catch(() => {});

  const fork = () => {
    const worker = cluster.fork(workerProtocol.env);
    live.add(worker);
    worker.on('message', (message: unknown) => {
      const readyMessage = workerProtocol.asReady(message);
      if (readyMessage === undefined) return;
      served.add(worker.id);
      if (phase === 'running') logger.info({ worker: worker.id }, 'replacement worker ready');
      if (phase === 'starting' && served.size === count) {
        phase = 'running';
        ready.resolve(readyMessage);
      }
    });
    worker.on('exit', (code, signal) => onExit(worker, code, signal));
  };

  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    live.delete(worker);
    const fields = { worker: worker.id, code, signal };
    if (phase === 'stopping') {
      if (served.has(worker.id) && code !== 0) clean = false;
      if (live.size === 0) allExited();
      return;
    }
    if (phase === 'starting') {
      logger.error(fields, 'a worker exited while starting');
      ready.reject(new Error(`worker ${worker.id} exited while starting (code ${code})`));
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! <= now - crashWindowMs) deaths.shift();
    if (deaths.length >= crashLimit) {
      logger.error(
        { ...fields, deaths: deaths.length, withinMs: crashWindowMs },
        'workers keep dying; stopping them all',
      );
      void stop('crash loop').then(() => gaveUp.resolve());
      return;
    }
    const delayMs = Math.min(RESPAWN_MAX_MS, RESPAWN_BASE_MS * 2 ** (deaths.length - 1));
    logger.warn({ ...fields, restartInMs: delayMs }, 'worker died; replacing it');
    const timer = setTimeout(() => {
      respawns.delete(timer);
      if (phase === 'running') fork();
    }, delayMs);
    respawns.add(timer);
  };

  const drain = async (signal: string): Promise<boolean> => {
    phase = 'stopping';
    for (const timer of respawns) clearTimeout(timer);
    respawns.clear();
    logger.info({ signal, workers: live.size }, 'draining workers');
    const exited = new Promise<void>((resolve) => (allExited = resolve));
    if (live.size === 0) allExited();
    for (const worker of live) worker.process.kill('SIGTERM');
    const deadline = setTimeout(() => {
      for (const worker of live) {
        logger.error(
          { worker: worker.id },
          'worker still running after the shutdown grace; killing it',
        );
        clean = false;
        worker.process.kill('SIGKILL');
      }
    }, options.shutdownGraceMs + STOP_MARGIN_MS);
    await exited;
    clearTimeout(deadline);
    return clean;
  };
  const stop = (signal: string) => (stopped ??= drain(signal));

  for (let i = 0; i < count; i++) fork();
  return { ready: ready.promise, gaveUp: gaveUp.promise, stop };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
