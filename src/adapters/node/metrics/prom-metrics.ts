import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import type {
  Metrics,
  RevocationMirrorSample,
  TokenVerificationResult,
} from '../../../observability/metrics.js';
import { askPrimaryForMetrics } from './ask-primary-for-metrics.js';
import { cachedCount, type CachedCount } from './cached-count.js';

/** How the Prometheus metrics of one process are set up. */
export interface PromMetricsOptions {
  /** prom-client's process metrics (`process_*`, `nodejs_*`: memory, CPU, event-loop lag). */
  processMetrics: boolean;
  /** Reuse an active-session count this long (`metrics.activeSessionsInterval`). */
  activeSessionsMaxAgeMs: number;
  /**
   * A worker forked by gatehouse's primary: answer scrapes with every worker's metrics, asked
   * of the primary (serveClusterMetrics), and let the primary collect this registry.
   */
  aggregateFromPrimary: boolean;
}

// Seconds. Requests and store calls range from tens of microseconds (memory, cache hits) to the
// upstream timeout; a revocation travels over pub/sub in about a millisecond.
const REQUEST_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
const STORE_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];
const PROPAGATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

// Zero from the start, so rate() has a baseline and dashboards see every series.
const TOKEN_RESULTS: TokenVerificationResult[] = [
  'ok',
  'malformed',
  'expired',
  'not_yet_valid',
  'bad_signature',
  'unknown_key',
  'algorithm_not_allowed',
  'invalid_claims',
  'error',
];
const REVOCATION_KINDS = ['session', 'token', 'user'] as const;
const REVOCATION_SOURCES = ['message', 'resync'] as const;
// A scrape waits this long for a fresh active-session count before it answers with the last one.
const COUNT_WAIT_MS = 2000;
// Longer than prom-client's own 5 s for a silent worker, so the primary's answer comes first.
const PRIMARY_TIMEOUT_MS = 8000;

/** The counters and histograms, registered on `registry`; names and labels are the stable API. */
function defineMetrics(registry: Registry) {
  const registers = [registry];
  const requestLabels = ['route', 'policy', 'outcome'];
  const metrics = {
    requests: new Counter({
      name: 'gatehouse_http_requests_total',
      help: 'Requests answered, by route, policy and outcome.',
      labelNames: requestLabels,
      registers,
    }),
    requestSeconds: new Histogram({
      name: 'gatehouse_http_request_duration_seconds',
      help: 'Time to the response headers, by route, policy and outcome.',
      labelNames: requestLabels,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    tokens: new Counter({
      name: 'gatehouse_token_verifications_total',
      help: 'Access tokens checked by the verifier, by result.',
      labelNames: ['result'],
      registers,
    }),
    cache: new Counter({
      name: 'gatehouse_verified_token_cache_lookups_total',
      help: 'Lookups in the verified-token cache: hit (answered from it) or miss.',
      labelNames: ['result'],
      registers,
    }),
    cacheEvictions: new Counter({
      name: 'gatehouse_verified_token_cache_evictions_total',
      help: 'Entries dropped from the full verified-token cache (least recently used first).',
      registers,
    }),
    storeSeconds: new Histogram({
      name: 'gatehouse_store_operation_duration_seconds',
      help: 'Session store calls, failed ones included, by operation (SessionStore method).',
      labelNames: ['operation'],
      buckets: STORE_BUCKETS,
      registers,
    }),
    storeErrors: new Counter({
      name: 'gatehouse_store_errors_total',
      help: 'Session store calls that failed, by operation (SessionStore method).',
      labelNames: ['operation'],
      registers,
    }),
    revocations: new Counter({
      name: 'gatehouse_revocations_applied_total',
      help: 'Revocations new to the mirror, by kind and source (message, or a resync listing).',
      labelNames: ['kind', 'source'],
      registers,
    }),
    droppedCookies: new Counter({
      name: 'gatehouse_upstream_cookies_dropped_total',
      help: "Upstream Set-Cookie headers for the gateway's own cookie, dropped, by route.",
      labelNames: ['route'],
      registers,
    }),
    propagation: new Histogram({
      name: 'gatehouse_revocation_propagation_seconds',
      help: 'Time from a revocation being published (on any instance) to its arrival here.',
      buckets: PROPAGATION_BUCKETS,
      registers,
    }),
  };
  for (const result of TOKEN_RESULTS) metrics.tokens.inc({ result }, 0);
  for (const result of ['hit', 'miss']) metrics.cache.inc({ result }, 0);
  for (const kind of REVOCATION_KINDS) {
    for (const source of REVOCATION_SOURCES) metrics.revocations.inc({ kind, source }, 0);
  }
  return metrics;
}

const UNCHECKABLE_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/**
 * The Prometheus registry of this process behind the core's Metrics interface. The gauges read
 * their sources when scraped; the revocation-mirror gauges exist only once a mirror registers
 * (`revocation.mode: mirror`).
 */
export function createPromMetrics(options: PromMetricsOptions): Metrics {
  const registry = new Registry();
  if (options.processMetrics) {
    collectDefaultMetrics({ register: registry });
    // Gauges whose names end in _total, which OpenMetrics keeps for counters: `promtool check
    // metrics` refuses them (issue #12 item 15). Their information is in nodejs_active_*.
    for (const name of UNCHECKABLE_DEFAULTS) registry.removeSingleMetric(name);
  }
  const m = defineMetrics(registry);
  let mirror: (() => RevocationMirrorSample) | undefined;
  let sessions: CachedCount | undefined;

  if (options.aggregateFromPrimary) {
    // Constructing one makes prom-client answer the primary's collection requests; setRegistries
    // names what it answers with.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
  }

  return {
    request(labels, seconds) {
      m.requests.inc({ ...labels });
      m.requestSeconds.observe({ ...labels }, seconds);
    },
    tokenVerification: (result) => m.tokens.inc({ result }),
    verifiedTokenCacheLookup: (result) => m.cache.inc({ result }),
    verifiedTokenCacheEviction: () => m.cacheEvictions.inc(),
    storeOperation(operation, seconds, failed) {
      m.storeSeconds.observe({ operation }, seconds);
      if (failed) m.storeErrors.inc({ operation });
    },
    revocationApplied: (kind, source) => m.revocations.inc({ kind, source }),
    revocationPropagation: (seconds) => m.propagation.observe(seconds),
    upstreamCookieDropped: (route) => m.droppedCookies.inc({ route }),
    observeRevocationMirror(sample) {
      if (mirror === undefined) defineMirrorGauges(registry, () => mirror!());
      mirror = sample;
    },
    observeActiveSessions(count) {
      if (sessions === undefined) defineSessionGauge(registry, () => sessions!.read());
      sessions = cachedCount(count, {
        maxAgeMs: options.activeSessionsMaxAgeMs,
        waitMs: COUNT_WAIT_MS,
      });
    },
    async expose() {
      const body = options.aggregateFromPrimary
        ? await askPrimaryForMetrics(PRIMARY_TIMEOUT_MS)
        : await registry.metrics();
      return { contentType: registry.contentType, body };
    },
  };
}

/** The mirror's gauges; with workers, the primary reports the largest of them. */
function defineMirrorGauges(registry: Registry, sample: () => RevocationMirrorSample): void {
  new Gauge({
    name: 'gatehouse_revocation_mirror_entries',
    help: 'Entries held by the revocation mirror.',
    aggregator: 'max',
    registers: [registry],
    collect() {
      this.set(sample().entries);
    },
  });
  new Gauge({
    name: 'gatehouse_revocation_mirror_staleness_seconds',
    help: 'Seconds since the revocation mirror was last confirmed complete (or was started).',
    aggregator: 'max',
    registers: [registry],
    collect() {
      this.set(sample().stalenessSeconds);
    },
  });
}

/** The store-wide session count: every worker counts the same sessions, so the primary takes the max. */
function defineSessionGauge(registry: Registry, read: () => Promise<number | undefined>): void {
  new Gauge({
    name: 'gatehouse_active_sessions',
    help: 'Live sessions in the store, approximate (a periodic count; see the README).',
    aggregator: 'max',
    registers: [registry],
    async collect() {
      const count = await read();
      if (count !== undefined) this.set(count);
    },
  });
}
