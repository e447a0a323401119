import { randomUUID } from 'node:crypto';
import { clusterMetricsMessages } from './cluster-metrics-messages.js';

/**
 * Asks the node:cluster primary (serveClusterMetrics) for the exposition aggregated over every
 * worker; rejects if it does not answer within `timeoutMs` (prom-client gives up on a silent
 * worker after 5 s, so the primary normally answers, if only with an error, before that).
 */
export function askPrimaryForMetrics(timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = randomUUID();
    const finish = (error: Error | null, body?: string) => {
      clearTimeout(timer);
      process.off('message', onMessage);
      if (error) reject(error);
      else resolve(body ?? '');
    };
    const onMessage = (message: unknown) => {
      const response = clusterMetricsMessages.asResponse(message);
      if (response?.id !== id) return;
      if (response.error !== undefined) finish(new Error(response.error));
      else finish(null, response.body);
    };
    const timer = setTimeout(
      () => finish(new Error('the primary did not answer with the workers’ metrics')),
      timeoutMs,
    );
    if (!process.send) return finish(new Error('no IPC channel to a primary'));
    process.on('message', onMessage);
    process.send(clusterMetricsMessages.request(id), undefined, undefined, (error) => {
      if (error) finish(error);
    });
  });
}
