import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../../vectors/upstream-set-cookie.json' with { type: 'json' };
import { silentLogger, type Logger } from '../../../src/observability/logger.js';
import { noopMetrics } from '../../../src/observability/metrics.js';
import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { webRequestView } from '../../../src/proxy/request-view.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';

// Issue #12 item 7: no routed app, even on a public route, sets or clears the refresh cookie.
let app: Server;
let origin: string;
const dropped: string[] = [];
const warnings: object[] = [];
const gateways: Record<string, ServedGateway> = {};
let yaml: string;

const logger: Logger = { ...silentLogger, warn: (fields) => void warnings.push(fields) };
const metrics = { ...noopMetrics, upstreamCookieDropped: (route: string) => dropped.push(route) };

beforeAll(async () => {
  // An app that answers `/?i=<vector index>` with that vector's Set-Cookie and one of its own.
  app = createServer((req, res) => {
    const index = Number(new URL(req.url!, 'http://app').searchParams.get('i'));
    res.writeHead(200, [
      'Set-Cookie', vectors[index]!.setCookie,
      'Set-Cookie', 'app=1; Path=/',
      'Content-Type', 'text/plain',
    ]); // prettier-ignore
    res.end('ok');
  }).listen(0, '127.0.0.1');
  await once(app, 'listening');
  origin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  yaml = `
routes:
  - { name: site, match: { path: /site/* }, upstream: "${origin}", policy: public }
  - { name: other, match: { path: /other/* }, upstream: "${origin}", policy: public }
`;
  gateways.node = await serveGateway(yaml, { logger, metrics });
  gateways.web = await serveGateway(yaml, {
    logger,
    metrics,
    requestView: (request) => webRequestView(request, '127.0.0.1'),
    upstream: createFetchTransport(fetch),
  });
});

afterAll(async () => {
  for (const served of Object.values(gateways)) await served.close();
  app?.closeAllConnections();
  app?.close();
});

async function cookiesVia(served: ServedGateway, path: string): Promise<string[]> {
  const client = new Client(served.url);
  try {
    const response = await client.request({ path, method: 'GET' });
    await response.body.text();
    expect(response.statusCode).toBe(200);
    const value = response.headers['set-cookie'];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  } finally {
    await client.close();
  }
}

describe("upstream Set-Cookie for the gateway's own cookie", () => {
  it.each(['node', 'web'])('is dropped in every form, others pass (%s transport)', async (kind) => {
    for (const [index, vector] of vectors.entries()) {
      const cookies = await cookiesVia(gateways[kind]!, `/site/x?i=${index}`);
      const expected = vector.dropped ? ['app=1; Path=/'] : [vector.setCookie, 'app=1; Path=/'];
      expect({ title: vector.title, cookies }).toEqual({ title: vector.title, cookies: expected });
    }
  });

  it('is counted each time and logged once per route', async () => {
    // A gateway of its own, so no earlier test has logged for its routes yet.
    const seen: object[] = [];
    const counted: string[] = [];
    const fresh = await serveGateway(yaml, {
      logger: { ...silentLogger, warn: (fields) => void seen.push(fields) },
      metrics: { ...noopMetrics, upstreamCookieDropped: (route: string) => counted.push(route) },
    });
    try {
      const fixation = vectors.findIndex((v) => v.dropped);
      for (let i = 0; i < 3; i++) {
        await cookiesVia(fresh, `/site/y?i=${fixation}`);
        await cookiesVia(fresh, `/other/y?i=${fixation}`);
      }
      expect(counted).toEqual(['site', 'other', 'site', 'other', 'site', 'other']);
      expect(seen).toEqual([{ route: 'site' }, { route: 'other' }]);
    } finally {
      await fresh.close();
    }
  });
});
