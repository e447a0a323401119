import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, type Child } from './children.js';
import { httpRequest } from './http-request.js';
import { waitForHttp } from './wait-for-http.js';

/** The bench's gatehouse config: one public and one token route to the bench upstream. */
export function gatehouseConfig(opts: {
  port: number;
  upstreamPort: number;
  usersFile: string;
}): string {
  const upstream = `http://127.0.0.1:${opts.upstreamPort}`;
  return `server:
  host: 127.0.0.1
  port: ${opts.port}
  accessLog: false
  logLevel: warn
tokens:
  accessTtl: 1h # outlives the run: every request sends the same token
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
`;
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
  cpu: number;
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
    gatehouseConfig({ port: opts.port, upstreamPort: opts.upstreamPort, usersFile }),
  );

  // Only our settings: a stray GATEHOUSE_PORT or GATEHOUSE_REDIS_URL in the shell would override them.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')),
  );
  const child = startChild({
    name: 'gatehouse',
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

async function login(base: string): Promise<string> {
  const res = await httpRequest(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo-password' }),
  });
  const token =
    res.status === 200
      ? (JSON.parse(res.body) as { access_token?: unknown }).access_token
      : undefined;
  if (typeof token !== 'string')
    throw new Error(`gatehouse login failed: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  return token;
}
