import { join } from 'node:path';
import { BENCH_AUDIENCE, BENCH_ISSUER, createBenchToken } from './bench-token.js';
import { startGatehouse } from './gatehouse.js';
import { startNginx } from './nginx.js';
import { startNodeServer } from './node-server.js';
import { freePort } from './ports.js';
import { waitForHttp } from './wait-for-http.js';

/** A server under test: where wrk sends its load and with which headers. */
export interface Target {
  name: TargetName;
  description: string;
  url: string;
  headers: Record<string, string>;
  /** The target rejects requests without a valid token (checked before measuring). */
  requiresToken: boolean;
}

/** Table order; nginx is the baseline the ratios are taken against. */
export const TARGET_NAMES = [
  'upstream',
  'nginx',
  'fastify',
  'fastify-jwt',
  'gatehouse-public',
  'gatehouse-token',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

interface StartContext {
  repoRoot: string;
  dir: string;
  cpu: number;
  nginxKeepalive: number;
  upstreamPort: number;
  /** `Authorization` with the bench's own ES256 token (what fastify-jwt verifies). */
  auth: Record<string, string>;
  publicKeyPem: string;
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
      const { token } = await startGatehouse({ ...ctx, dir: join(ctx.dir, 'gatehouse'), port });
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
}): Promise<{ targets: Target[]; upstreamUrl: string }> {
  const wanted = (name: TargetName) => opts.only.length === 0 || opts.only.includes(name);

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

  const ctx: StartContext = {
    ...opts,
    upstreamPort: Number(new URL(upstream.base).port),
    auth,
    publicKeyPem: bench.publicKeyPem,
  };
  const started = await Promise.all(
    SERVERS.filter((s) => s.serves.some(wanted)).map((s) => s.start(ctx)),
  );
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
