import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { clusterMetricsMessages } from './cluster-metrics-messages.js';

function answer(worker: Worker, id: string, result: { body: string } | { error: string }): void {
  if (!worker.isConnected()) return;
  try {
    // An error here means the worker went away meanwhile: nobody is left to answer.
    worker.send(clusterMetricsMessages.response(id, result), undefined, () => {});
  } catch {
    // The channel closed between the check and the send.
  }
}

/**
 * The primary's side of `/metrics` with workers: a worker that got a scrape asks here, and gets
 * the metrics of every connected worker, aggregated by prom-client (counters and histograms
 * summed; gauges as each metric says: the mirror's and active sessions' by max). Call it once in
 * the primary, before forking.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    const request = clusterMetricsMessages.asRequest(message);
    if (!request) return;
    aggregator.clusterMetrics().then(
      (body) => answer(worker, request.id, { body }),
      (error: Error) => answer(worker, request.id, { error: error.message }),
    );
  });
}
