import { join } from 'node:path';
import { BENCH_AUDIENCE, BENCH_ISSUER, createBenchToken } from './bench-token.js';
import { startGatehouse, writeSessionContext } from './gatehouse.js';
import { startNginx } from './nginx.js';
import { startNodeServer } from './node-server.js';
import { freePort } from './ports.js';
import { startBenchRedis, type BenchRedis } from './redis.js';
import { waitForHttp } from './wait-for-http.js';

/** A server under test: where wrk sends its load and with which headers. */
export interface Target {
  name: TargetName;
  description: string;
  url: string;
  headers: Record<string, string>;
  /** The target rejects requests without a valid token (checked before measuring). */
  requiresToken: boolean;
  /**
   * Checked before measuring: the same route, at the upstream's header echo, must forward these
   * headers with these values (the identity headers of `session` and `context` routes).
   */
  forwards?: { url: string; headers: Record<string, string> };
}

/** Table order; nginx is the baseline the ratios are taken against. */
export const TARGET_NAMES = [
  'upstream',
  'nginx',
  'fastify',
  'fastify-jwt',
  'gatehouse-public',
  'gatehouse-token',
  'gatehouse-redis-token',
  'gatehouse-session-mirror',
  'gatehouse-session-lookup',
  'gatehouse-context',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** The Redis-backed targets; the ones after the first are also compared with the first. */
export const REDIS_TARGET_NAMES: readonly TargetName[] = [
  'gatehouse-redis-token',
  'gatehouse-session-mirror',
  'gatehouse-session-lookup',
  'gatehouse-context',
];

/** Not wrk targets but the login and refresh loops (auth-load.ts), selected the same way. */
export const AUTH_LOAD_NAMES = ['gatehouse-login', 'gatehouse-refresh'] as const;
export type AuthLoadName = (typeof AUTH_LOAD_NAMES)[number];

/** Whether the selection (`BENCH_TARGETS`, empty: everything) needs the bench's Redis. */
export function needsRedis(only: readonly string[]): boolean {
  const redisNames: readonly string[] = [...REDIS_TARGET_NAMES, ...AUTH_LOAD_NAMES];
  return only.length === 0 || only.some((name) => redisNames.includes(name));
}

/** The session context written before the load, forwarded as X-Auth-Context by `context` routes. */
const BENCH_CONTEXT = {
  tenant: 'acme',
  roles: ['editor'],
  wizard: { step: 'shipping', cartItems: 3 },
  locale: 'en-GB',
};

/** A Redis-backed gatehouse process (started once, on first use). */
interface RedisGatehouse {
  base: string;
  token: string;
  /** X-Auth-Subject and X-Auth-Session a `session` route forwards with `token`. */
  identity: Record<string, string>;
}

interface StartContext {
  repoRoot: string;
  dir: string;
  cpu: number;
  nginxKeepalive: number;
  upstreamPort: number;
  /** `Authorization` with the bench's own ES256 token (what fastify-jwt verifies). */
  auth: Record<string, string>;
  publicKeyPem: string;
  /** The bench's Redis, started on first use. */
  redis: () => Promise<BenchRedis>;
  /** The Redis-backed gatehouse in each revocation mode, started on first use. */
  redisGatehouse: (mode: 'mirror' | 'lookup') => Promise<RedisGatehouse>;
}

/** Each server and the targets it serves; every proxy strips `/api` (or `/public`). */
const SERVERS: ReadonlyArray<{
  serves: TargetName[];
  start: (ctx: StartContext) => Promise<Target[]>;
}> = [
  {
    serves: ['nginx'],
    async start(ctx) {
      const port = await freePort();
      const child = startNginx({
        dir: join(ctx.dir, 'nginx'),
        port,
        upstreamPort: ctx.upstreamPort,
        keepalive: ctx.nginxKeepalive,
        cpu: ctx.cpu,
      });
      const url = `http://127.0.0.1:${port}/api/hello`;
      await waitForHttp(url, child);
      const description = `nginx proxy_pass, upstream keepalive ${ctx.nginxKeepalive}, 1 worker`;
      return [{ name: 'nginx', description, url, headers: ctx.auth, requiresToken: false }];
    },
  },
  {
    serves: ['fastify'],
    async start(ctx) {
      const url = await nodeServer(ctx, 'fastify', 'fastify-proxy.ts', {});
      const description = 'fastify + @fastify/http-proxy, no auth';
      return [{ name: 'fastify', description, url, headers: ctx.auth, requiresToken: false }];
    },
  },
  {
    serves: ['fastify-jwt'],
    async start(ctx) {
      const env = { BENCH_PUBLIC_KEY: ctx.publicKeyPem, BENCH_ISSUER, BENCH_AUDIENCE };
      const url = await nodeServer(ctx, 'fastify-jwt', 'fastify-jwt-proxy.ts', env);
      const description = 'fastify + @fastify/jwt (ES256, iss, aud, scope) + @fastify/http-proxy';
      return [{ name: 'fastify-jwt', description, url, headers: ctx.auth, requiresToken: true }];
    },
  },
  {
    serves: ['gatehouse-public', 'gatehouse-token'],
    async start(ctx) {
      const port = await freePort();
      const { token } = await startGatehouse({
        repoRoot: ctx.repoRoot,
        dir: join(ctx.dir, 'gatehouse'),
        port,
        upstreamPort: ctx.upstreamPort,
        cpu: ctx.cpu,
      });
      const headers = { authorization: `Bearer ${token}` };
      const base = `http://127.0.0.1:${port}`;
      return [
        {
          name: 'gatehouse-public',
          description: 'gatehouse, policy public (token sent, not checked)',
          url: `${base}/public/hello`,
          headers,
          requiresToken: false,
        },
        {
          name: 'gatehouse-token',
          description: 'gatehouse, policy token with scope read:api',
          url: `${base}/api/hello`,
          headers,
          requiresToken: true,
        },
      ];
    },
  },
  {
    serves: ['gatehouse-redis-token', 'gatehouse-session-mirror', 'gatehouse-context'],
    async start(ctx) {
      const { base, token, identity } = await ctx.redisGatehouse('mirror');
      const headers = { authorization: `Bearer ${token}` };
      const contextJson = await writeSessionContext(base, token, BENCH_CONTEXT);
      return [
        {
          name: 'gatehouse-redis-token',
          description: 'gatehouse on Redis (revocation mirror), policy token with scope read:api',
          url: `${base}/api/hello`,
          headers,
          requiresToken: true,
        },
        {
          name: 'gatehouse-session-mirror',
          description: 'the same process, policy session (revocation mirror, no store read)',
          url: `${base}/session/hello`,
          headers,
          requiresToken: true,
          forwards: { url: `${base}/session/bench-echo-headers`, headers: identity },
        },
        {
          name: 'gatehouse-context',
          description: `the same process, policy context (session + ${contextJson.length}-byte context read from Redis)`,
          url: `${base}/context/hello`,
          headers,
          requiresToken: true,
          forwards: {
            url: `${base}/context/bench-echo-headers`,
            headers: {
              ...identity,
              'x-auth-context': Buffer.from(contextJson).toString('base64url'),
            },
          },
        },
      ];
    },
  },
  {
    serves: ['gatehouse-session-lookup'],
    async start(ctx) {
      const { base, token, identity } = await ctx.redisGatehouse('lookup');
      return [
        {
          name: 'gatehouse-session-lookup',
          description:
            'gatehouse on Redis (revocation lookup), policy session (session + revocation read per request)',
          url: `${base}/session/hello`,
          headers: { authorization: `Bearer ${token}` },
          requiresToken: true,
          forwards: { url: `${base}/session/bench-echo-headers`, headers: identity },
        },
      ];
    },
  },
];

/**
 * Starts the upstream (always: the others forward to it) and every wanted server, each pinned
 * to `cpu` on its own free 127.0.0.1 port, and waits until each answers. Logs go under `dir`.
 */
export async function startTargets(opts: {
  repoRoot: string;
  dir: string;
  only: readonly string[];
  nginxKeepalive: number;
  cpu: number;
}): Promise<{
  targets: Target[];
  upstreamUrl: string;
  /** The Redis in use, when a Redis-backed target or the login/refresh loops are selected. */
  redis: BenchRedis | undefined;
  /** The Redis-backed gatehouse (mirror mode) the login and refresh loops go to, when selected. */
  authBase: string | undefined;
}> {
  const wanted = (name: TargetName | AuthLoadName) =>
    opts.only.length === 0 || opts.only.includes(name);

  const bench = await createBenchToken();
  const auth = { authorization: `Bearer ${bench.token}` };
  const upstream = await startNodeServer({
    ...opts,
    name: 'upstream',
    file: 'upstream.ts',
    env: {},
    logDir: opts.dir,
  });
  const upstreamUrl = `${upstream.base}/hello`;
  await waitForHttp(upstreamUrl, upstream.child);

  const upstreamPort = Number(new URL(upstream.base).port);
  const redis = once(() => startBenchRedis({ dir: opts.dir, cpu: opts.cpu }));
  const gatehouses = {
    mirror: once(() => startRedisGatehouse(opts, upstreamPort, redis, 'mirror')),
    lookup: once(() => startRedisGatehouse(opts, upstreamPort, redis, 'lookup')),
  };
  const ctx: StartContext = {
    ...opts,
    upstreamPort,
    auth,
    publicKeyPem: bench.publicKeyPem,
    redis,
    redisGatehouse: (mode) => gatehouses[mode](),
  };
  const started = await Promise.all(
    SERVERS.filter((s) => s.serves.some(wanted)).map((s) => s.start(ctx)),
  );
  const authLoads = AUTH_LOAD_NAMES.some(wanted);
  const authBase = authLoads ? (await ctx.redisGatehouse('mirror')).base : undefined;
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
    redis: needsRedis(opts.only) ? await redis() : undefined,
    authBase,
  };
}

/** A function that runs `start` on its first call and hands every call that same promise. */
function once<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= start());
}

/**
 * One Redis-backed gatehouse (`store: redis`, the bench's key prefix, the given revocation mode)
 * in `<dir>/gatehouse-<mode>`; logs in as the demo user.
 */
async function startRedisGatehouse(
  opts: { repoRoot: string; dir: string; cpu: number },
  upstreamPort: number,
  redis: () => Promise<BenchRedis>,
  mode: 'mirror' | 'lookup',
): Promise<RedisGatehouse> {
  const { url, keyPrefix } = await redis();
  const port = await freePort();
  const { token } = await startGatehouse({
    ...opts,
    name: `gatehouse-${mode}`,
    dir: join(opts.dir, `gatehouse-${mode}`),
    port,
    upstreamPort,
    redis: { url, keyPrefix, revocationMode: mode },
  });
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    sub: string;
    sid: string;
  };
  return {
    base: `http://127.0.0.1:${port}`,
    token,
    identity: { 'x-auth-subject': claims.sub, 'x-auth-session': claims.sid },
  };
}

/** One of the fastify peers, forwarding to the upstream; answers once /api/hello does. */
async function nodeServer(
  ctx: StartContext,
  name: string,
  file: string,
  env: Record<string, string>,
): Promise<string> {
  const upstream = `http://127.0.0.1:${ctx.upstreamPort}`;
  const server = await startNodeServer({
    ...ctx,
    name,
    file,
    env: { ...env, BENCH_UPSTREAM: upstream },
    logDir: ctx.dir,
  });
  const url = `${server.base}/api/hello`;
  await waitForHttp(url, server.child, { headers: ctx.auth });
  return url;
}
