import { join } from 'node:path';
import { BENCH_AUDIENCE, BENCH_ISSUER } from './bench-token.js';
import { startGatehouse } from './gatehouse.js';
import { startHaproxy } from './haproxy.js';
import { startNginx } from './nginx.js';
import { startNodeServer } from './node-server.js';
import { freePort } from './ports.js';
import type { ServerSpec, StartContext } from './start-context.js';
import type { Target, TargetName } from './targets.js';
import { waitForHttp } from './wait-for-http.js';

/** The servers without Redis and the targets each serves; every proxy strips `/api` (or `/public`). */
export const SERVERS: readonly ServerSpec[] = [
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
    serves: ['fastify-jwt', 'fastify-jwt-distinct'],
    async start(ctx) {
      const env = { BENCH_PUBLIC_KEY: ctx.key.publicKeyPem, BENCH_ISSUER, BENCH_AUDIENCE };
      const url = await nodeServer(ctx, 'fastify-jwt', 'fastify-jwt-proxy.ts', env);
      const description = 'fastify + @fastify/jwt (ES256, iss, aud, scope) + @fastify/http-proxy';
      const target: Target = {
        name: 'fastify-jwt',
        description,
        url,
        headers: ctx.auth,
        requiresToken: true,
      };
      return withDistinct(ctx, target, 'fastify-jwt-distinct');
    },
  },
  {
    serves: ['haproxy-jwt', 'haproxy-jwt-distinct'],
    async start(ctx) {
      const port = await freePort();
      const child = startHaproxy({
        dir: join(ctx.dir, 'haproxy'),
        port,
        upstreamPort: ctx.upstreamPort,
        publicKeyFile: ctx.key.publicKeyFile,
        cpu: ctx.cpu,
      });
      const url = `http://127.0.0.1:${port}/api/hello`;
      await waitForHttp(url, child, { headers: ctx.auth });
      const target: Target = {
        name: 'haproxy-jwt',
        description: 'HAProxy, jwt_verify ES256 + alg, iss, aud, nbf, exp, scope checks, 1 thread',
        url,
        headers: ctx.auth,
        requiresToken: true,
      };
      return withDistinct(ctx, target, 'haproxy-jwt-distinct');
    },
  },
  {
    serves: ['gatehouse-public', 'gatehouse-token', 'gatehouse-token-distinct'],
    async start(ctx) {
      const port = await freePort();
      // Signs with the bench key (its login, a start-up check, too); the load sends the bench's tokens.
      await startGatehouse({
        repoRoot: ctx.repoRoot,
        dir: join(ctx.dir, 'gatehouse'),
        port,
        upstreamPort: ctx.upstreamPort,
        cpu: ctx.cpu,
        keysFile: ctx.key.keysFile,
      });
      const base = `http://127.0.0.1:${port}`;
      const token: Target = {
        name: 'gatehouse-token',
        description: 'gatehouse, policy token with scope read:api',
        url: `${base}/api/hello`,
        headers: ctx.auth,
        requiresToken: true,
        cacheMetricsUrl: `${base}/metrics`,
      };
      return [
        {
          name: 'gatehouse-public',
          description: 'gatehouse, policy public (token sent, not checked)',
          url: `${base}/public/hello`,
          headers: ctx.auth,
          requiresToken: false,
        },
        ...withDistinct(ctx, token, 'gatehouse-token-distinct'),
      ];
    },
  },
];

/**
 * `target`, and its twin `name` on the same server sending the run's distinct tokens in turn
 * (none when BENCH_TOKENS is 0).
 */
function withDistinct(ctx: StartContext, target: Target, name: TargetName): Target[] {
  if (!ctx.tokensFile) return [target];
  const description = `${target.description}; distinct tokens in turn`;
  return [target, { ...target, name, description, tokensFile: ctx.tokensFile }];
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
