import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../helpers/free-port.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { spawnGateway, writeTempConfig, type SpawnedGateway } from '../../helpers/spawn-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';
import { parseExposition } from '../../unit/api/ops/metrics-fixtures.js';

// README "Workers" and "Metrics" with `server.workers: 2`: /metrics answers with the metrics of
// both workers, whichever of them the scrape reaches. Every request goes on a connection of its
// own, which the primary hands to the workers in turn, so each worker has served some of them: a
// scrape that saw one worker's registry only would count about half.

const SCRAPE_TOKEN = 'scrape-token-for-the-workers-test';
const REQUESTS = 12;

/** GET on a fresh connection (so it may land on either worker). */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((done, fail) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode!, body }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

describeEachRedis(
  'GET /metrics with server.workers: 2',
  (target) => {
    const keyPrefix = uniqueKeyPrefix();
    let upstream: UpstreamServer;
    let gateway: SpawnedGateway | undefined;
    let metricsUrl = '';

    beforeAll(async () => {
      upstream = await startUpstreamServer();
      const metricsPort = await freePort();
      metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      const sha256 = createHash('sha256').update(SCRAPE_TOKEN).digest('hex');
      const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-workers-metrics-'));
      const store = { ...target.storeConfig(keyPrefix) };
      gateway = await spawnGateway(
        writeTempConfig(`
server: { host: 127.0.0.1, port: 0, workers: 2, dataDir: ${JSON.stringify(dataDir)} }
store: ${JSON.stringify(store)}
metrics: { port: ${metricsPort}, tokenSha256: "${sha256}" }
routes:
  - { name: pub, match: { path: /pub/* }, upstream: "${upstream.origin}", policy: public }
`),
      );
    }, 60_000);

    afterAll(async () => {
      if (gateway) expect(await gateway.stop('SIGTERM')).toBe(0);
      await upstream?.close();
      await target.deleteKeys(keyPrefix);
    }, 30_000);

    it('sums both workers’ counts in every scrape, on the metrics listener only', async () => {
      for (let i = 0; i < REQUESTS; i++) {
        expect((await get(`${gateway!.url}/pub/${i}`)).status).toBe(200);
      }
      const auth = { authorization: `Bearer ${SCRAPE_TOKEN}` };
      for (let scrape = 0; scrape < 4; scrape++) {
        const answer = await get(metricsUrl, auth);
        expect(answer.status, answer.body).toBe(200);
        const m = parseExposition(answer.body);
        const pub = { route: 'pub', policy: 'public', outcome: 'ok' };
        expect(m.value('gatehouse_http_requests_total', pub)).toBe(REQUESTS);
        expect(m.value('gatehouse_http_request_duration_seconds_count', pub)).toBe(REQUESTS);
        expect(m.value('gatehouse_revocation_mirror_staleness_seconds')).toBeLessThan(10);
        expect(m.has('gatehouse_active_sessions')).toBe(true);
        expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(0);
        expect(m.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      }
      expect((await get(metricsUrl)).status).toBe(401);
      expect((await get(`${gateway!.url}/metrics`, auth)).status).toBe(404);
    }, 60_000);
  },
  ['redis'],
);
