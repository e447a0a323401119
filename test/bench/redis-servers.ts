import { writeSessionContext } from './gatehouse.js';
import type { RedisGatehouse, ServerSpec } from './start-context.js';
import type { Target, TargetName } from './targets.js';

/** The session context written before the load, forwarded as X-Auth-Context by `context` routes. */
const BENCH_CONTEXT = {
  tenant: 'acme',
  roles: ['editor'],
  wizard: { step: 'shipping', cartItems: 3 },
  locale: 'en-GB',
};

/** The Redis-backed servers (standalone, Cluster, workers 1 and 2) and the targets each serves. */
export const REDIS_SERVERS: readonly ServerSpec[] = [
  {
    serves: ['gatehouse-redis-token', 'gatehouse-session-mirror', 'gatehouse-context'],
    async start(ctx) {
      const gatehouse = await ctx.redisGatehouse('mirror');
      return [
        {
          name: 'gatehouse-redis-token',
          description: 'gatehouse on Redis (revocation mirror), policy token with scope read:api',
          ...route(gatehouse, '/api'),
        },
        {
          name: 'gatehouse-session-mirror',
          description: 'the same process, policy session (revocation mirror, no store read)',
          ...route(gatehouse, '/session', gatehouse.identity),
        },
        await contextTarget('gatehouse-context', gatehouse, 'Redis'),
      ];
    },
  },
  {
    serves: ['gatehouse-session-lookup'],
    async start(ctx) {
      const gatehouse = await ctx.redisGatehouse('lookup');
      return [
        {
          name: 'gatehouse-session-lookup',
          description:
            'gatehouse on Redis (revocation lookup), policy session (session + revocation read per request)',
          ...route(gatehouse, '/session', gatehouse.identity),
        },
      ];
    },
  },
  {
    serves: ['gatehouse-cluster-context'],
    async start(ctx) {
      const gatehouse = await ctx.redisGatehouse('cluster');
      return [await contextTarget('gatehouse-cluster-context', gatehouse, 'the Redis Cluster')];
    },
  },
  workersServer(1),
  workersServer(2),
];

/**
 * A route of `gatehouse` with its token, whose gatehouse and Redis CPU each run measures;
 * `identity` (session and context routes): the headers the upstream must receive, checked at the
 * upstream's header echo.
 */
function route(
  gatehouse: RedisGatehouse,
  prefix: string,
  identity?: Record<string, string>,
): Omit<Target, 'name' | 'description'> {
  return {
    url: `${gatehouse.base}${prefix}/hello`,
    headers: { authorization: `Bearer ${gatehouse.token}` },
    requiresToken: true,
    serverGroup: gatehouse.group,
    storeGroups: gatehouse.storeGroups,
    ...(identity && {
      forwards: { url: `${gatehouse.base}${prefix}/bench-echo-headers`, headers: identity },
    }),
  };
}

/** The `context` route, after writing the bench's context to the token's session. */
async function contextTarget(
  name: TargetName,
  gatehouse: RedisGatehouse,
  store: string,
): Promise<Target> {
  const contextJson = await writeSessionContext(gatehouse.base, gatehouse.token, BENCH_CONTEXT);
  const forwarded = {
    ...gatehouse.identity,
    'x-auth-context': Buffer.from(contextJson).toString('base64url'),
  };
  return {
    name,
    description: `gatehouse on ${store} (mirror), policy context (session + ${contextJson.length}-byte context read per request)`,
    ...route(gatehouse, '/context', forwarded),
  };
}

/** The `token` and `session` routes of a workers process, which must run all its workers. */
function workersTargets(
  gatehouse: RedisGatehouse,
  cores: readonly number[],
  token: TargetName,
  session: TargetName,
): Target[] {
  // node:cluster: a primary that forks the workers; a single worker is the process itself.
  const processes = gatehouse.workers > 1 ? { minProcesses: gatehouse.workers + 1 } : {};
  const what = `gatehouse on Redis (mirror), server.workers ${gatehouse.workers} on cores ${cores.join(',')}`;
  return [
    {
      name: token,
      description: `${what}, policy token`,
      ...route(gatehouse, '/api'),
      ...processes,
    },
    {
      name: session,
      description: `${what}, policy session (no store read)`,
      ...route(gatehouse, '/session', gatehouse.identity),
      ...processes,
    },
  ];
}

/** The `server.workers: n` process on the standalone Redis and its token and session targets. */
function workersServer(n: 1 | 2): ServerSpec {
  const [token, session] = [`gatehouse-w${n}-token`, `gatehouse-w${n}-session`] as const;
  return {
    serves: [token, session],
    async start(ctx) {
      const gatehouse = await ctx.redisGatehouse(`workers-${n}`);
      return workersTargets(gatehouse, ctx.workersCpus, token, session);
    },
  };
}
