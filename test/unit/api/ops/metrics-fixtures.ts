import type { Hono } from 'hono';
import { createPromMetrics } from '../../../../src/adapters/node/metrics/prom-metrics.js';
import type { GatewayEnv } from '../../../../src/http/gateway-env.js';
import type { Metrics } from '../../../../src/observability/metrics.js';
import { createFetchTransport } from '../../../../src/proxy/fetch-transport.js';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';

/** One sample line of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parsed exposition: `# TYPE` of every metric, and every sample. */
export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** Sum of the samples named `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels?: Record<string, string>): number;
  /** Whether any sample is named `name` (with `labels` among its labels). */
  has(name: string, labels?: Record<string, string>): boolean;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format (version 0.0.4); throws on a line it does not understand. */
export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(LABEL)) labels[key!] = value!;
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  const matching = (name: string, labels: Record<string, string> = {}) =>
    samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  return {
    types,
    samples,
    value: (name, labels) => matching(name, labels).reduce((sum, s) => sum + s.value, 0),
    has: (name, labels) => matching(name, labels).length > 0,
  };
}

/** GETs the metrics of `app` and parses them; throws unless it answers 200 in the text format. */
export async function scrape(
  app: Hono<GatewayEnv>,
  path = '/metrics',
  headers: Record<string, string> = {},
): Promise<Exposition> {
  const response = await app.request(path, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`scrape answered ${response.status}: ${text}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain; version=0.0.4')) {
    throw new Error(`scrape content-type: ${response.headers.get('content-type')}`);
  }
  return parseExposition(text);
}

/** Prometheus metrics for one test gateway: no process metrics, a fresh session count per scrape. */
export function testMetrics(processMetrics = false): Metrics {
  return createPromMetrics({
    processMetrics,
    activeSessionsMaxAgeMs: 0,
    aggregateFromPrimary: false,
  });
}

/** A test gateway with metrics and an upstream that answers 200 to everything. */
export async function metricsGateway(
  yaml: string,
  overrides: Parameters<typeof testGateway>[1] = {},
): Promise<TestGateway> {
  const upstream = createFetchTransport((async () => new Response('upstream ok')) as typeof fetch);
  return testGateway(yaml, { metrics: testMetrics(), upstream, ...overrides });
}
