import type { BenchKey } from './bench-token.js';
import type { BenchRedis } from './redis.js';
import type { BenchRedisCluster } from './redis-cluster.js';
import type { Target, TargetName } from './targets.js';

/** The Redis-backed gatehouse processes the targets and loops share, each started once. */
export type GatehouseVariant = 'mirror' | 'lookup' | 'cluster' | 'workers-1' | 'workers-2';

/** A Redis-backed gatehouse process, logged in as the demo user. */
export interface RedisGatehouse {
  base: string;
  token: string;
  /** X-Auth-Subject and X-Auth-Session a `session` route forwards with `token`. */
  identity: Record<string, string>;
  /** Its process group (the primary and every worker it forks). */
  group: number;
  /** `server.workers` in its config. */
  workers: number;
  /** The process groups of its Redis (none for a shared one). */
  storeGroups: number[];
}

/** What a server's `start` gets: where things are, and the shared processes (started on first use). */
export interface StartContext {
  repoRoot: string;
  dir: string;
  /** The core every server is pinned to. */
  cpu: number;
  /** The cores the workers targets' gatehouse processes (1 and 2 workers alike) may use. */
  workersCpus: readonly number[];
  nginxKeepalive: number;
  upstreamPort: number;
  /**
   * `Authorization` with the run's first token, signed with the bench key: what every
   * one-token target (and every check before the load) sends.
   */
  auth: Record<string, string>;
  /** The run's ES256 key pair (fastify-jwt, HAProxy and the memory-store gatehouse verify with it). */
  key: BenchKey;
  /** The run's distinct tokens, one per line; undefined when BENCH_TOKENS is 0. */
  tokensFile: string | undefined;
  /** The bench's standalone Redis. */
  redis: () => Promise<BenchRedis>;
  /** The bench's private Redis Cluster. */
  cluster: () => Promise<BenchRedisCluster>;
  redisGatehouse: (variant: GatehouseVariant) => Promise<RedisGatehouse>;
}

/** One server and the targets it serves. */
export interface ServerSpec {
  serves: TargetName[];
  start: (ctx: StartContext) => Promise<Target[]>;
}
