import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, type Child, type Cpus } from './children.js';
import { httpRequest } from './http-request.js';
import { waitForHttp } from './wait-for-http.js';

/** What a Redis-backed gatehouse adds to the shared config. */
export interface GatehouseRedisOptions {
  /** One Redis server, or a Redis Cluster by its seed nodes. */
  store: { kind: 'redis'; url: string } | { kind: 'cluster'; nodes: readonly string[] };
  keyPrefix: string;
  revocationMode: 'mirror' | 'lookup';
}

/**
 * The bench's gatehouse config, the same for every gatehouse process but for the store and the
 * worker count: one public and one token route to the bench upstream, and with Redis (`redis`
 * given) a `session` and a `context` route after them, so `/api/*` is matched at the same place
 * in every process. Logins are rate-limited far above what the login benchmark reaches, and the
 * refresh token may travel in the JSON body (what the refresh benchmark uses).
 */
export function gatehouseConfig(opts: {
  port: number;
  upstreamPort: number;
  usersFile: string;
  redis?: GatehouseRedisOptions;
  workers?: number;
  /** A key file `{"keys": [<private JWK>]}` to sign and verify with; generated in the data dir when omitted. */
  keysFile?: string;
}): string {
  const upstream = `http://127.0.0.1:${opts.upstreamPort}`;
  const keys = opts.keysFile
    ? `  keys: { source: file, path: ${JSON.stringify(opts.keysFile)} }\n`
    : '';
  const store = opts.redis
    ? `store:
${storeLines(opts.redis.store)}
  keyPrefix: ${JSON.stringify(opts.redis.keyPrefix)}
revocation:
  mode: ${opts.redis.revocationMode}
`
    : `store:
  kind: memory
`;
  const redisRoutes = opts.redis
    ? `  - name: session
    match: { path: /session/* }
    upstream: ${upstream}
    policy: session
    stripPrefix: /session
  - name: context
    match: { path: /context/* }
    upstream: ${upstream}
    policy: context
    stripPrefix: /context
`
    : '';
  return `server:
  host: 127.0.0.1
  port: ${opts.port}
  workers: ${opts.workers ?? 1}
  accessLog: false
  logLevel: warn
${store}tokens:
  accessTtl: 1h # outlives the run: every request sends the same token
${keys}sessions:
  idleTtl: 1h # likewise the session behind it (idle expiry slides on refresh only)
  allowRefreshTokenInBody: true
rateLimit:
  login:
    perIp: { limit: 1000000, window: 1m }
    perUsername: { limit: 1000000, window: 1m }
identity:
  sources:
    - kind: users-file
      path: ${JSON.stringify(opts.usersFile)}
routes:
  - name: public
    match: { path: /public/* }
    upstream: ${upstream}
    policy: public
    stripPrefix: /public
  - name: api
    match: { path: /api/* }
    upstream: ${upstream}
    policy: token
    scopes: [read:api]
    stripPrefix: /api
${redisRoutes}`;
}

function storeLines(store: GatehouseRedisOptions['store']): string {
  return store.kind === 'redis'
    ? `  kind: redis\n  url: ${JSON.stringify(store.url)}`
    : `  kind: cluster\n  nodes: ${JSON.stringify(store.nodes)}`;
}

/**
 * Starts \`node --import tsx src/main.ts\` from the repo root with a config and data dir in `dir`,
 * waits for /healthz and logs in as the demo user; returns the child and its access token.
 */
export async function startGatehouse(opts: {
  repoRoot: string;
  dir: string;
  port: number;
  upstreamPort: number;
  cpu: Cpus;
  /** For its log and errors; `gatehouse` when omitted. */
  name?: string;
  redis?: GatehouseRedisOptions;
  /** `server.workers` (1 when omitted). */
  workers?: number;
  /** The signing key file (`tokens.keys: { source: file }`); a key generated in its data dir when omitted. */
  keysFile?: string;
}): Promise<{ child: Child; token: string }> {
  const usersFile = join(opts.repoRoot, 'config/users.yaml');
  for (const file of [join(opts.repoRoot, 'src/main.ts'), usersFile]) {
    if (!existsSync(file))
      throw new Error(`gatehouse target needs ${file} (or leave it out: BENCH_TARGETS=...)`);
  }
  mkdirSync(join(opts.dir, 'data'), { recursive: true });
  const configFile = join(opts.dir, 'gatehouse.yaml');
  writeFileSync(
    configFile,
    gatehouseConfig({
      port: opts.port,
      upstreamPort: opts.upstreamPort,
      usersFile,
      redis: opts.redis,
      workers: opts.workers,
      keysFile: opts.keysFile,
    }),
  );

  // Only our settings: a stray GATEHOUSE_PORT or GATEHOUSE_REDIS_URL in the shell would override them.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')),
  );
  const child = startChild({
    name: opts.name ?? 'gatehouse',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: opts.repoRoot,
    env: { ...env, GATEHOUSE_CONFIG: configFile, GATEHOUSE_DATA_DIR: join(opts.dir, 'data') },
    cpu: opts.cpu,
    logPath: join(opts.dir, 'gatehouse.log'),
  });
  const base = `http://127.0.0.1:${opts.port}`;
  await waitForHttp(`${base}/healthz`, child, { timeoutMs: 30_000 });
  return { child, token: await login(base) };
}

/**
 * Replaces the session context of `token`'s session (`PUT <auth>/session/context`), so a
 * `context` route forwards it as X-Auth-Context; returns the JSON text gatehouse stored.
 */
export async function writeSessionContext(
  base: string,
  token: string,
  context: Record<string, unknown>,
): Promise<string> {
  const res = await httpRequest(`${base}/auth/session/context`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(context),
  });
  if (res.status !== 200)
    throw new Error(`writing the session context: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  return res.body;
}

async function login(base: string): Promise<string> {
  const res = await httpRequest(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo-password' }),
    timeoutMs: 15_000, // scrypt, on a core the other servers are still starting on
  });
  const token =
    res.status === 200
      ? (JSON.parse(res.body) as { access_token?: unknown }).access_token
      : undefined;
  if (typeof token !== 'string')
    throw new Error(`gatehouse login failed: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  return token;
}
