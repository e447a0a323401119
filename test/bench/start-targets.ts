import { join } from 'node:path';
import {
  badTokens,
  createBenchKey,
  mintTokens,
  writeTokensFile,
  type BadToken,
} from './bench-token.js';
import { startNodeServer } from './node-server.js';
import { startBenchRedis, type BenchRedis } from './redis.js';
import { startBenchRedisCluster, type BenchRedisCluster } from './redis-cluster.js';
import { startRedisGatehouse } from './redis-gatehouse.js';
import { REDIS_SERVERS } from './redis-servers.js';
import { SERVERS } from './servers.js';
import type { AuthBases } from './auth-load.js';
import type { GatehouseVariant, RedisGatehouse, StartContext } from './start-context.js';
import {
  AUTH_LOAD_NAMES,
  AUTH_LOADS,
  needsCluster,
  needsRedis,
  TARGET_NAMES,
  type AuthLoadName,
  type Target,
  type TargetName,
} from './targets.js';
import { waitForHttp } from './wait-for-http.js';

/**
 * Starts the upstream (always: the others forward to it) and every wanted server, each pinned
 * to `cpu` (the workers targets to `workersCpus`) on its own free 127.0.0.1 port, and waits
 * until each answers. Logs go under `dir`.
 */
export async function startTargets(opts: {
  repoRoot: string;
  dir: string;
  only: readonly string[];
  nginxKeepalive: number;
  cpu: number;
  workersCpus: readonly number[];
  /** Distinct tokens minted for the `-distinct` targets (BENCH_TOKENS; 0: none, no such targets). */
  tokens: number;
}): Promise<{
  targets: Target[];
  upstreamUrl: string;
  /** Tokens every token target must refuse, checked before the load. */
  badTokens: BadToken[];
  /** The standalone Redis in use, when a target or loop on it is selected. */
  redis: BenchRedis | undefined;
  /** The private Redis Cluster, when a target or loop on it is selected. */
  cluster: BenchRedisCluster | undefined;
  /** The mirror process on each store the selected login/refresh/context loops go to. */
  authBases: AuthBases;
}> {
  const wanted = (name: TargetName | AuthLoadName) =>
    opts.only.length === 0 || opts.only.includes(name);

  // One key and one set of tokens for every token target: fastify-jwt, HAProxy and the memory-store
  // gatehouse verify the very same tokens. The first is the one the one-token targets send.
  const key = createBenchKey(opts.dir);
  const mintStart = Date.now();
  const tokens = mintTokens(key.privateKey, Math.max(1, opts.tokens));
  const tokensFile =
    opts.tokens > 0 ? writeTokensFile(join(opts.dir, 'tokens.txt'), tokens) : undefined;
  if (tokensFile)
    console.log(
      `minted ${tokens.length} ES256 tokens in ${Date.now() - mintStart} ms (${tokensFile})`,
    );
  const auth = { authorization: `Bearer ${tokens[0]!}` };
  const upstream = await startNodeServer({
    ...opts,
    name: 'upstream',
    file: 'upstream.ts',
    env: {},
    logDir: opts.dir,
  });
  const upstreamUrl = `${upstream.base}/hello`;
  await waitForHttp(upstreamUrl, upstream.child);

  const redis = once(() => startBenchRedis({ dir: opts.dir, cpu: opts.cpu }));
  const cluster = once(() => startBenchRedisCluster({ dir: opts.dir, cpu: opts.cpu }));
  const gatehouses = new Map<GatehouseVariant, () => Promise<RedisGatehouse>>();
  const ctx: StartContext = {
    ...opts,
    upstreamPort: Number(new URL(upstream.base).port),
    auth,
    key,
    tokensFile,
    redis,
    cluster,
    redisGatehouse: (variant) => {
      if (!gatehouses.has(variant))
        gatehouses.set(
          variant,
          once(() => startRedisGatehouse(ctx, variant)),
        );
      return gatehouses.get(variant)!();
    },
  };
  // One after another: a gatehouse compiles its TypeScript on start (tsx), and several at once on
  // one core would outlast their start-up timeouts.
  const started: Target[][] = [];
  for (const server of [...SERVERS, ...REDIS_SERVERS].filter((s) => s.serves.some(wanted)))
    started.push(await server.start(ctx));
  const authBases: AuthBases = {};
  for (const name of AUTH_LOAD_NAMES.filter(wanted)) {
    const { store } = AUTH_LOADS[name];
    if (authBases[store]) continue;
    const { base, group, storeGroups } = await ctx.redisGatehouse(
      store === 'redis' ? 'mirror' : 'cluster',
    );
    authBases[store] = { base, groups: { server: group, store: storeGroups } };
  }
  const direct: Target = {
    name: 'upstream',
    description: 'node:http upstream, direct',
    url: upstreamUrl,
    headers: auth,
    requiresToken: false,
  };
  const all = [direct, ...started.flat()];
  return {
    targets: TARGET_NAMES.filter(wanted).flatMap((name) => all.filter((t) => t.name === name)),
    upstreamUrl,
    badTokens: badTokens(key.privateKey),
    redis: needsRedis(opts.only) ? await redis() : undefined,
    cluster: needsCluster(opts.only) ? await cluster() : undefined,
    authBases,
  };
}

/** A function that runs `start` on its first call and hands every call that same promise. */
function once<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= start());
}
