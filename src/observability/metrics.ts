/**
 * What a request came to, as the gateway sees it: the `outcome` label of the request metrics. A
 * small fixed set, so the label's cardinality stays bounded whatever clients send.
 */
export type RequestOutcome =
  | 'ok'
  | 'unauthenticated'
  | 'forbidden'
  | 'revoked'
  | 'rate_limited'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'upstream_error'
  | 'store_unavailable'
  | 'unavailable'
  | 'error';

/** Why the access-token verifier accepted or refused a token: the `result` label. */
export type TokenVerificationResult =
  | 'ok'
  | 'malformed'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unknown_key'
  | 'algorithm_not_allowed'
  | 'invalid_claims'
  /** Not the token: the verifier failed (e.g. reloading keys from an unreachable store). */
  | 'error';

/** The labels of one request. */
export interface RequestLabels {
  /** A configured route's name, or `auth`, `admin`, `ops`, `unmatched` for the rest. */
  route: string;
  /** The route's policy (`public`, `token`, `session`, `context`), or `none`. */
  policy: string;
  outcome: RequestOutcome;
}

/** How a revocation reached this instance's mirror. */
export type RevocationSource = 'message' | 'resync';

/** What the revocation mirror reports at each scrape. */
export interface RevocationMirrorSample {
  entries: number;
  /**
   * Seconds since the mirror was last confirmed complete, or was built if it never was (0 while
   * it cannot miss anything). Finite: it crosses the workers' JSON IPC.
   */
  stalenessSeconds: number;
}

/** The Prometheus text exposition served at `/metrics`. */
export interface MetricsExposition {
  contentType: string;
  body: string;
}

/**
 * The metrics the core records. Durations are in seconds. An implementation keeps label values
 * as given: callers pass only bounded sets (route names from config, the unions above, store
 * method names).
 */
export interface Metrics {
  /** One request answered (time to the response headers). */
  request(labels: RequestLabels, seconds: number): void;
  /** One token checked by the access-token verifier. */
  tokenVerification(result: TokenVerificationResult): void;
  /** One lookup in the verified-token cache: `hit` when it answered, `miss` when the verifier had to. */
  verifiedTokenCacheLookup(result: 'hit' | 'miss'): void;
  /** One entry dropped from the full verified-token cache (the least recently used). */
  verifiedTokenCacheEviction(): void;
  /** One SessionStore call, `failed` when it rejected. */
  storeOperation(operation: string, seconds: number, failed: boolean): void;
  /** One revocation the mirror did not hold yet. */
  revocationApplied(kind: 'session' | 'token' | 'user', source: RevocationSource): void;
  /** One upstream Set-Cookie for the gateway's own cookie, dropped (route: a configured name). */
  upstreamCookieDropped(route: string): void;
  /** Time from a revocation's publication (on any instance) to its arrival here. */
  revocationPropagation(seconds: number): void;
  /** Registers what the revocation-mirror gauges read when scraped. */
  observeRevocationMirror(sample: () => RevocationMirrorSample): void;
  /** Registers how to count live sessions (store-wide, approximate) when scraped. */
  observeActiveSessions(count: () => Promise<number>): void;
  /** The current exposition (with workers: aggregated over every worker). */
  expose(): Promise<MetricsExposition>;
}

/** Metrics that record nothing: what the gateway uses when none are injected (unit tests). */
export const noopMetrics: Metrics = {
  request: () => {},
  tokenVerification: () => {},
  verifiedTokenCacheLookup: () => {},
  verifiedTokenCacheEviction: () => {},
  storeOperation: () => {},
  revocationApplied: () => {},
  revocationPropagation: () => {},
  upstreamCookieDropped: () => {},
  observeRevocationMirror: () => {},
  observeActiveSessions: () => {},
  expose: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '' }),
};
