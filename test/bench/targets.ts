// The catalogue of what `npm run bench` measures: the wrk targets, the login/refresh/context
// loops, and how they group (Redis-backed, workers 1 vs 2, Cluster vs standalone). Starting
// them is start-targets.ts's job.

/** A server under test: where wrk sends its load and with which headers. */
export interface Target {
  name: TargetName;
  description: string;
  url: string;
  /** Sent with every request; `authorization` holds the run's first token (checked before the load). */
  headers: Record<string, string>;
  /**
   * Distinct-token targets: the run's tokens file (one per line), which wrk cycles through
   * (tokens.lua) instead of sending `headers.authorization` every time.
   */
  tokensFile?: string;
  /**
   * The target rejects requests without a valid token (checked before measuring: no token must
   * give 401, and every one of the bench's bad tokens 401 or, for a missing scope, 403).
   */
  requiresToken: boolean;
  /**
   * gatehouse's /metrics, for the targets that verify with its verified-token cache: the cache's
   * hits and misses are read around every run.
   */
  cacheMetricsUrl?: string;
  /**
   * Checked before measuring: the same route, at the upstream's header echo, must forward these
   * headers with these values (the identity headers of `session` and `context` routes).
   */
  forwards?: { url: string; headers: Record<string, string> };
  /**
   * The process group of the server behind the target (the primary and its workers), whose CPU
   * is measured during each run; set for every Redis-backed target.
   */
  serverGroup?: number;
  /** The process groups of its Redis (the bench's own server or Cluster), measured likewise. */
  storeGroups?: readonly number[];
  /** Checked before measuring: `serverGroup` must hold at least this many processes (primary + workers). */
  minProcesses?: number;
}

/** Table order; nginx is the baseline the ratios are taken against. */
export const TARGET_NAMES = [
  'upstream',
  'nginx',
  'fastify',
  'fastify-jwt',
  'fastify-jwt-distinct',
  'haproxy-jwt',
  'haproxy-jwt-distinct',
  'gatehouse-public',
  'gatehouse-token',
  'gatehouse-token-distinct',
  'gatehouse-redis-token',
  'gatehouse-session-mirror',
  'gatehouse-session-lookup',
  'gatehouse-context',
  'gatehouse-cluster-context',
  'gatehouse-w1-token',
  'gatehouse-w2-token',
  'gatehouse-w1-session',
  'gatehouse-w2-session',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** The targets that send the run's distinct tokens in turn (BENCH_TOKENS; none when it is 0). */
export const DISTINCT_TARGET_NAMES: readonly TargetName[] = [
  'fastify-jwt-distinct',
  'haproxy-jwt-distinct',
  'gatehouse-token-distinct',
];

/** The HAProxy targets (they need the haproxy binary). */
export const HAPROXY_TARGET_NAMES: readonly TargetName[] = ['haproxy-jwt', 'haproxy-jwt-distinct'];

/** The targets on the standalone Redis; the ones after the first are also compared with the first. */
export const REDIS_TARGET_NAMES: readonly TargetName[] = [
  'gatehouse-redis-token',
  'gatehouse-session-mirror',
  'gatehouse-session-lookup',
  'gatehouse-context',
];

/** Workers 1 vs 2 (one route each): the same config but `server.workers`, on the same cores. */
export const WORKERS_PAIRS: ReadonlyArray<{
  route: 'token' | 'session';
  one: TargetName;
  two: TargetName;
}> = [
  { route: 'token', one: 'gatehouse-w1-token', two: 'gatehouse-w2-token' },
  { route: 'session', one: 'gatehouse-w1-session', two: 'gatehouse-w2-session' },
];

/** Not wrk targets but the loops of auth-load.ts, selected the same way; each pair is one operation. */
export const AUTH_LOAD_NAMES = [
  'gatehouse-login',
  'gatehouse-cluster-login',
  'gatehouse-refresh',
  'gatehouse-cluster-refresh',
  'gatehouse-context-patch',
  'gatehouse-cluster-context-patch',
] as const;
export type AuthLoadName = (typeof AUTH_LOAD_NAMES)[number];

/** What each loop does and against which store (the mirror process on that store). */
export const AUTH_LOADS: Record<
  AuthLoadName,
  { kind: 'login' | 'refresh' | 'context'; store: 'redis' | 'cluster' }
> = {
  'gatehouse-login': { kind: 'login', store: 'redis' },
  'gatehouse-cluster-login': { kind: 'login', store: 'cluster' },
  'gatehouse-refresh': { kind: 'refresh', store: 'redis' },
  'gatehouse-cluster-refresh': { kind: 'refresh', store: 'cluster' },
  'gatehouse-context-patch': { kind: 'context', store: 'redis' },
  'gatehouse-cluster-context-patch': { kind: 'context', store: 'cluster' },
};

/** The same operation on the standalone Redis and on the Cluster (wrk targets and loops). */
export const CLUSTER_PAIRS: ReadonlyArray<{
  operation: string;
  standalone: TargetName | AuthLoadName;
  cluster: TargetName | AuthLoadName;
}> = [
  {
    operation: 'POST /auth/login',
    standalone: 'gatehouse-login',
    cluster: 'gatehouse-cluster-login',
  },
  {
    operation: 'POST /auth/refresh',
    standalone: 'gatehouse-refresh',
    cluster: 'gatehouse-cluster-refresh',
  },
  {
    operation: 'PATCH /auth/session/context',
    standalone: 'gatehouse-context-patch',
    cluster: 'gatehouse-cluster-context-patch',
  },
  {
    operation: 'GET /context/* (route)',
    standalone: 'gatehouse-context',
    cluster: 'gatehouse-cluster-context',
  },
];

const STANDALONE_NAMES: readonly string[] = [
  ...REDIS_TARGET_NAMES,
  ...WORKERS_PAIRS.flatMap((p) => [p.one, p.two]),
  ...AUTH_LOAD_NAMES.filter((name) => AUTH_LOADS[name].store === 'redis'),
];
const CLUSTER_NAMES: readonly string[] = [
  'gatehouse-cluster-context',
  ...AUTH_LOAD_NAMES.filter((name) => AUTH_LOADS[name].store === 'cluster'),
];

/** Whether the selection (`BENCH_TARGETS`, empty: everything) needs the bench's standalone Redis. */
export function needsRedis(only: readonly string[]): boolean {
  return only.length === 0 || only.some((name) => STANDALONE_NAMES.includes(name));
}

/** Whether the selection needs the bench's private Redis Cluster. */
export function needsCluster(only: readonly string[]): boolean {
  return only.length === 0 || only.some((name) => CLUSTER_NAMES.includes(name));
}
