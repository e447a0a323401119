// A node:cluster primary with two workers, each recording known metrics, for
// cluster-metrics.test.ts. The primary serves the aggregation (serveClusterMetrics), waits for both
// workers, asks each to answer a scrape as its /metrics would (expose), prints the two bodies as one
// JSON line and exits. Worker `i` records i+1 of everything, and gauges that differ.
import cluster from 'node:cluster';
import { createPromMetrics } from '../../../src/adapters/node/metrics/prom-metrics.js';
import { serveClusterMetrics } from '../../../src/adapters/node/metrics/serve-cluster-metrics.js';

const WORKERS = 2;

if (cluster.isPrimary) {
  serveClusterMetrics();
  const workers = Array.from({ length: WORKERS }, (_, i) =>
    cluster.fork({ WORKER_INDEX: String(i) }),
  );
  const answer = (worker: (typeof workers)[number], wanted: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const listener = (message: Record<string, unknown>) => {
        if (typeof message === 'object' && message !== null && wanted in message) {
          worker.off('message', listener);
          resolve(message);
        }
      };
      worker.on('message', listener);
    });
  await Promise.all(workers.map((worker) => answer(worker, 'ready')));
  const bodies: string[] = [];
  for (const worker of workers) {
    const scraped = answer(worker, 'scraped');
    worker.send({ scrape: true });
    const reply = await scraped;
    if (typeof reply.error === 'string') throw new Error(reply.error);
    bodies.push(String(reply.scraped));
  }
  process.stdout.write(`${JSON.stringify({ bodies })}\n`);
  for (const worker of workers) worker.kill();
  process.exit(0);
} else {
  const i = Number(process.env.WORKER_INDEX);
  const metrics = createPromMetrics({
    processMetrics: true,
    activeSessionsMaxAgeMs: 0,
    aggregateFromPrimary: true,
  });
  for (let n = 0; n <= i; n++) {
    metrics.request({ route: 'api', policy: 'token', outcome: 'ok' }, 0.003);
    metrics.tokenVerification('ok');
    metrics.storeOperation('getSession', 0.0004, n === 1);
    metrics.revocationApplied('session', 'message');
    metrics.revocationPropagation(0.002);
  }
  metrics.observeRevocationMirror(() => ({
    entries: 10 + i,
    stalenessSeconds: i === 0 ? 0.5 : 2.5,
  }));
  metrics.observeActiveSessions(async () => 100 + i);
  process.on('message', (message: { scrape?: boolean }) => {
    if (!message?.scrape) return;
    metrics.expose().then(
      ({ body }) => process.send!({ scraped: body }),
      (error: Error) => process.send!({ scraped: '', error: error.message }),
    );
  });
  process.send!({ ready: true });
}
