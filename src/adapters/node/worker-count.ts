import { availableParallelism } from 'node:os';
import type { GatehouseConfig } from '../../config/schema.js';

/** `server.workers` as a number: `auto` is one per core this process may use. */
export function workerCount(workers: GatehouseConfig['server']['workers']): number {
  return workers === 'auto' ? availableParallelism() : workers;
}
