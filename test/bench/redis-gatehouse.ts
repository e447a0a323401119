import { join } from 'node:path';
import { startGatehouse, type GatehouseRedisOptions } from './gatehouse.js';
import { freePort } from './ports.js';
import type { GatehouseVariant, RedisGatehouse, StartContext } from './start-context.js';

/** Each variant's store, revocation mode, worker count and cores. */
const VARIANTS: Record<
  GatehouseVariant,
  {
    store: 'redis' | 'cluster';
    revocationMode: 'mirror' | 'lookup';
    workers: number;
    cores: 'server' | 'workers';
  }
> = {
  mirror: { store: 'redis', revocationMode: 'mirror', workers: 1, cores: 'server' },
  lookup: { store: 'redis', revocationMode: 'lookup', workers: 1, cores: 'server' },
  cluster: { store: 'cluster', revocationMode: 'mirror', workers: 1, cores: 'server' },
  // Workers 1 gets the same cores as workers 2, so the two differ in `server.workers` only.
  'workers-1': { store: 'redis', revocationMode: 'mirror', workers: 1, cores: 'workers' },
  'workers-2': { store: 'redis', revocationMode: 'mirror', workers: 2, cores: 'workers' },
};

/**
 * One Redis-backed gatehouse process of the given variant in `<dir>/gatehouse-<variant>`, on the
 * bench's standalone Redis or its Cluster under the bench's key prefix; logs in as the demo user.
 */
export async function startRedisGatehouse(
  ctx: Pick<
    StartContext,
    'repoRoot' | 'dir' | 'cpu' | 'workersCpus' | 'upstreamPort' | 'redis' | 'cluster'
  >,
  variant: GatehouseVariant,
): Promise<RedisGatehouse> {
  const spec = VARIANTS[variant];
  const { redis, storeGroups } = await storeOptions(ctx, spec.store, spec.revocationMode);
  const port = await freePort();
  const { child, token } = await startGatehouse({
    repoRoot: ctx.repoRoot,
    name: `gatehouse-${variant}`,
    dir: join(ctx.dir, `gatehouse-${variant}`),
    port,
    upstreamPort: ctx.upstreamPort,
    cpu: spec.cores === 'server' ? ctx.cpu : ctx.workersCpus,
    redis,
    workers: spec.workers,
  });
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    sub: string;
    sid: string;
  };
  return {
    base: `http://127.0.0.1:${port}`,
    token,
    identity: { 'x-auth-subject': claims.sub, 'x-auth-session': claims.sid },
    group: child.pid,
    workers: spec.workers,
    storeGroups,
  };
}

/** The store part of the config, on the bench's standalone Redis or its Cluster, and its processes. */
async function storeOptions(
  ctx: Pick<StartContext, 'redis' | 'cluster'>,
  store: 'redis' | 'cluster',
  revocationMode: 'mirror' | 'lookup',
): Promise<{ redis: GatehouseRedisOptions; storeGroups: number[] }> {
  if (store === 'redis') {
    const { url, keyPrefix, groups } = await ctx.redis();
    return {
      redis: { store: { kind: 'redis', url }, keyPrefix, revocationMode },
      storeGroups: groups,
    };
  }
  const { nodes, keyPrefix, groups } = await ctx.cluster();
  return {
    redis: { store: { kind: 'cluster', nodes }, keyPrefix, revocationMode },
    storeGroups: groups,
  };
}
