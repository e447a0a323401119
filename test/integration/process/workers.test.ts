import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithRedis, uniqueKeyPrefix } from '../../helpers/redis-env.js';
import {
  spawnGateway,
  startProcess,
  writeTempConfig,
  type SpawnedGateway,
} from '../../helpers/spawn-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

// README "Workers": `server.workers: 2` runs a node:cluster primary and two workers sharing the
// port, on one Redis. Every request goes on a connection of its own (the primary hands connections
// to the workers in turn), and the access log's `worker` field says which worker answered it.

const USERS = resolve(import.meta.dirname, '../../../config/users.yaml');
const UNTIL_MS = 15_000;

/** A two-worker config on Redis: a `token` route /api/*, a `session` route /account/*, admin key. */
function workersConfig(options: {
  redisUrl: string;
  keyPrefix: string;
  dataDir: string;
  upstream: string;
  adminKey: string;
  usersFile?: string;
  workers?: number | 'auto';
  adminPort?: number;
}): string {
  const sha256 = createHash('sha256').update(options.adminKey).digest('hex');
  return writeTempConfig(`
server: { host: 127.0.0.1, port: 0, workers: ${options.workers ?? 2}, dataDir: ${JSON.stringify(options.dataDir)}, timeouts: { shutdownGrace: 10s } }
store: { kind: redis, url: "${options.redisUrl}", keyPrefix: "${options.keyPrefix}" }
revocation: { mode: mirror }
sessions: { allowRefreshTokenInBody: true }
admin: { keys: [{ name: workers-test, sha256: "${sha256}" }]${options.adminPort === undefined ? '' : `, host: 127.0.0.1, port: ${options.adminPort}`} }
identity: { sources: [{ kind: users-file, path: ${JSON.stringify(options.usersFile ?? USERS)} }] }
rateLimit:
  login:
    perIp: { limit: 100000, window: 1m }
    perUsername: { limit: 100000, window: 1m }
routes:
  - { name: api, match: { path: /api/* }, upstream: "${options.upstream}", policy: token, stripPrefix: /api }
  - { name: account, match: { path: /account/* }, upstream: "${options.upstream}", policy: session, stripPrefix: /account }
`);
}

describeWithRedis('server.workers: 2 (node:cluster)', (redisUrl) => {
  const keyPrefix = uniqueKeyPrefix();
  const adminKey = `gha_${randomBytes(32).toString('base64url')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-workers-'));
  let upstream: UpstreamServer;
  let gateway: SpawnedGateway;

  beforeAll(async () => {
    upstream = await startUpstreamServer();
    const config = workersConfig({
      redisUrl,
      keyPrefix,
      dataDir,
      upstream: upstream.origin,
      adminKey,
    });
    gateway = await spawnGateway(config);
  }, 60_000);

  afterAll(async () => {
    await killAll(gateway);
    await upstream?.close();
    await deleteKeys(redisUrl, keyPrefix);
  }, 30_000);

  /** One request on a connection of its own, tagged with a request id to find its log line. */
  const send = (path: string, init: Init = {}) => fresh(gateway.url, path, init);

  it('runs two workers, which share the port, the store and the signing key the primary made', async () => {
    expect(
      await until(
        () => childrenOf(gateway.child.pid!),
        (pids) => pids.length === 2,
      ),
    ).toHaveLength(2);
    expect(gateway.output()).toMatch(/"workers":2,[^\n]*"msg":"gatehouse listening"/);
    // The key file was written once, before the workers started, and both serve its one key.
    const file = JSON.parse(readFileSync(join(dataDir, 'signing-keys.json'), 'utf8')) as {
      keys: Array<{ kid: string }>;
    };
    const tagged = await Promise.all(
      Array.from({ length: 12 }, (_, i) => send('/.well-known/jwks.json', { id: `jwks-${i}` })),
    );
    for (const response of tagged) {
      expect(response.status).toBe(200);
      const jwks = JSON.parse(response.body) as { keys: Array<{ kid: string }> };
      expect(jwks.keys.map((key) => key.kid)).toEqual(file.keys.map((key) => key.kid));
    }
    expect((await workersOf(gateway, tagged)).size).toBe(2);
  }, 30_000);

  it('refreshes through other connections (and workers) a session made by a login on one', async () => {
    const login = await send('/auth/login', {
      method: 'POST',
      json: { username: 'demo', password: 'demo-password', refresh_token_in_body: true },
    });
    expect(login.status, login.body).toBe(200);
    let refreshToken = (JSON.parse(login.body) as { refresh_token: string }).refresh_token;
    const answers = [login];
    for (let i = 0; i < 6; i++) {
      const refreshed = await send('/auth/refresh', {
        method: 'POST',
        json: { refresh_token: refreshToken },
      });
      expect(refreshed.status, refreshed.body).toBe(200);
      const pair = JSON.parse(refreshed.body) as { access_token: string; refresh_token: string };
      expect(pair.refresh_token).not.toBe(refreshToken);
      refreshToken = pair.refresh_token;
      const api = await send('/api/whoami', { token: pair.access_token });
      expect(api.status).toBe(200);
      answers.push(refreshed, api);
    }
    expect((await workersOf(gateway, answers)).size).toBe(2);
  }, 30_000);

  it('enforces a revocation made through the admin API on every worker (a mirror in each)', async () => {
    const token = await loginToken(send);
    const sid = (
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
        sid: string;
      }
    ).sid;
    const before = await Promise.all(
      Array.from({ length: 20 }, () => send('/account/me', { token })),
    );
    expect(before.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await workersOf(gateway, before)).size).toBe(2);

    const revoke = await send(`/admin/sessions/${sid}`, {
      method: 'DELETE',
      token: adminKey,
    });
    expect(revoke.status, revoke.body).toBe(204);
    // Propagation through pub/sub is asynchronous: wait until a batch of 20 fresh connections,
    // spread over both workers, all refuse the token. A worker whose mirror missed it keeps
    // answering 200 to its half of every batch, and the wait runs out.
    const statuses = await until(
      async () => {
        const batch = await Promise.all(
          Array.from({ length: 20 }, () => send('/account/me', { token })),
        );
        return {
          batch,
          workers: await workersOf(gateway, batch),
        };
      },
      ({ batch, workers }) => workers.size === 2 && batch.every((r) => r.status === 401),
    );
    expect(statuses.batch.map((r) => r.status)).toEqual(Array(20).fill(401));
  }, 30_000);

  it('replaces a worker killed with SIGKILL, and keeps serving', async () => {
    const [victim, survivor] = await until(
      () => childrenOf(gateway.child.pid!),
      (pids) => pids.length === 2,
    );
    process.kill(victim!, 'SIGKILL');
    const replaced = await until(
      () => childrenOf(gateway.child.pid!),
      (pids) => pids.length === 2 && !pids.includes(victim!),
    );
    expect(replaced).toContain(survivor);
    await until(
      () => gateway.output(),
      (output) => output.includes('"msg":"replacement worker ready"'),
    );
    expect(gateway.output()).toMatch(/"signal":"SIGKILL"[^\n]*"msg":"worker died; replacing it"/);
    const after = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send('/healthz', { id: `after-kill-${i}` })),
    );
    expect(after.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await workersOf(gateway, after)).size).toBe(2);
  }, 30_000);

  it('on SIGTERM drains every worker: requests in flight complete with 200, then it exits 0', async () => {
    const token = await loginToken(send);
    const seen = upstream.received.length;
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      send(`/api/slow?ms=1500&n=${i}`, { token }),
    );
    await until(
      () => upstream.received.slice(seen).filter((r) => r.url.startsWith('/slow')).length,
      (count) => count === 10,
    );
    gateway.child.kill('SIGTERM');
    const responses = await Promise.all(inFlight);
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await workersOf(gateway, responses)).size).toBe(2);
    expect(await gateway.exited).toBe(0);
    expect(upstream.abandoned).toEqual([]);
    expect(gateway.output()).toMatch(/"signal":"SIGTERM"[^\n]*"msg":"draining workers"/);
    expect(gateway.output()).toMatch(/"code":0[^\n]*"msg":"stopped"/);
    await expect(send('/healthz')).rejects.toThrow(/ECONNREFUSED/);
  }, 40_000);
});

/** A workers config of its own data dir, whose routes lead nowhere: for tests of the processes. */
function upstreamlessConfig(
  redisUrl: string,
  keyPrefix: string,
  options: { usersFile?: string; workers?: number | 'auto'; adminPort?: number } = {},
): string {
  return workersConfig({
    redisUrl,
    keyPrefix,
    dataDir: mkdtempSync(join(tmpdir(), 'gatehouse-workers-')),
    upstream: 'http://127.0.0.1:9',
    adminKey: 'unused',
    ...options,
  });
}

describeWithRedis('server.workers: auto', (redisUrl) => {
  const keyPrefix = uniqueKeyPrefix();
  let gateway: SpawnedGateway | undefined;
  afterAll(async () => {
    if (gateway) await killAll(gateway);
    await deleteKeys(redisUrl, keyPrefix);
  }, 30_000);

  it('runs one worker per core this process may use', async () => {
    const cores = availableParallelism();
    gateway = await spawnGateway(upstreamlessConfig(redisUrl, keyPrefix, { workers: 'auto' }));
    const pid = gateway.child.pid!;
    if (cores === 1) {
      // One core: the single-process gateway, no primary.
      expect(gateway.output()).not.toMatch(/"workers":/);
      expect(childrenOf(pid)).toEqual([]);
      return;
    }
    expect(gateway.output()).toMatch(
      new RegExp(`"workers":${cores},[^\\n]*"msg":"gatehouse listening"`),
    );
    expect(
      await until(
        () => childrenOf(pid),
        (pids) => pids.length === cores,
      ),
    ).toHaveLength(cores);
  }, 60_000);
});

describeWithRedis('server.workers: 2 when workers cannot run', (redisUrl) => {
  const keyPrefix = uniqueKeyPrefix();
  const started: Array<Omit<SpawnedGateway, 'url'>> = [];
  const start = (options: { usersFile?: string; adminPort?: number } = {}) => {
    const gateway = startProcess(upstreamlessConfig(redisUrl, keyPrefix, options));
    started.push(gateway);
    return gateway;
  };

  afterAll(async () => {
    for (const gateway of started) await killAll(gateway);
    await deleteKeys(redisUrl, keyPrefix);
  }, 30_000);

  it('refuses a missing users file as a config problem, before forking any worker', async () => {
    const usersFile = join(tmpdir(), `missing-${randomBytes(4).toString('hex')}.yaml`);
    const gateway = start({ usersFile });
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toContain(
      `identity.sources[0].path: cannot read users file ${usersFile} (ENOENT)`,
    );
    expect(gateway.output()).not.toContain('"worker"');
    expect(gateway.output()).not.toContain('listening');
  }, 30_000);

  it('exits 1 when a worker fails to start, never saying it listens', async () => {
    // The admin port is taken: each worker's listen fails (the config itself is valid).
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const gateway = start({ adminPort: (taken.address() as AddressInfo).port });
    expect(await gateway.exited).toBe(1);
    taken.close();
    expect(gateway.output()).toMatch(/"worker":\d[^\n]*"msg":"failed to start"/);
    expect(gateway.output()).toContain('"msg":"a worker exited while starting"');
    expect(gateway.output()).not.toContain('listening');
  }, 30_000);

  it('stops and exits 1 when workers keep dying (5 deaths within 30 s), rather than fork for ever', async () => {
    const gateway = start();
    await until(
      () => gateway.output(),
      (output) => output.includes('"msg":"gatehouse listening"'),
    );
    const killed = new Set<number>();
    // Kill every worker as soon as it is forked: 2 + 2 + 1 deaths, the replacements coming after
    // a backoff that doubles (250 ms, 500 ms, 1 s, 2 s).
    while (killed.size < 5) {
      const fresh = await until(
        () => childrenOf(gateway.child.pid!).filter((pid) => !killed.has(pid)),
        (pids) => pids.length > 0,
      );
      for (const pid of fresh.slice(0, 5 - killed.size)) {
        killed.add(pid);
        process.kill(pid, 'SIGKILL');
      }
    }
    expect(await gateway.exited).toBe(1);
    expect(gateway.output()).toMatch(
      /"deaths":5[^\n]*"msg":"workers keep dying; stopping them all"/,
    );
    expect(gateway.output().match(/"msg":"worker died; replacing it"/g)).toHaveLength(4);
  }, 30_000);
});

interface Init {
  method?: string;
  json?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** X-Request-Id; a random one by default. */
  id?: string;
}

interface Answer {
  status: number;
  body: string;
  /** The request id the gateway logged it under. */
  id: string;
}

/** One HTTP request on a new connection (no agent, no keep-alive). */
function fresh(origin: string, path: string, init: Init): Promise<Answer> {
  const id = init.id ?? `t-${randomBytes(8).toString('hex')}`;
  const headers: Record<string, string> = { 'x-request-id': id };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return new Promise((done, fail) => {
    const req = request(
      `${origin}${path}`,
      { method: init.method ?? 'GET', headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode!, body, id }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(init.json === undefined ? undefined : JSON.stringify(init.json));
  });
}

async function loginToken(send: (path: string, init: Init) => Promise<Answer>): Promise<string> {
  const login = await send('/auth/login', {
    method: 'POST',
    json: { username: 'demo', password: 'demo-password' },
  });
  expect(login.status, login.body).toBe(200);
  return (JSON.parse(login.body) as { access_token: string }).access_token;
}

/** The workers whose access log lines show they answered, once all lines are written. */
async function workersOf(gateway: SpawnedGateway, answers: Answer[]): Promise<Set<number>> {
  const lines = await until(
    () => answers.map((answer) => accessLine(gateway.output(), answer.id)),
    (found) => found.every((line) => line !== undefined),
  );
  return new Set(lines.map((line) => line!.worker));
}

function accessLine(output: string, id: string): { worker: number } | undefined {
  const line = output
    .split('\n')
    .find((l) => l.includes(`"requestId":"${id}"`) && l.includes('"msg":"request"'));
  return line === undefined ? undefined : (JSON.parse(line) as { worker: number });
}

/**
 * The pids of a process's gatehouse workers: its children running main.ts (Linux /proc; tsx also
 * runs an esbuild child; threads come and go, so each file may be gone).
 */
function childrenOf(pid: number): number[] {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks
    .flatMap((task) => read(`/proc/${pid}/task/${task}/children`).split(/\s+/).filter(Boolean))
    .filter((child) => read(`/proc/${child}/cmdline`).includes('src/main.ts'))
    .map(Number);
}

/** Kills a gateway and its workers (only after a failed test is anything still running). */
async function killAll(
  gateway: { child: { pid?: number }; stop(signal?: NodeJS.Signals): Promise<unknown> } | undefined,
) {
  if (gateway === undefined) return;
  const workers = childrenOf(gateway.child.pid!);
  await gateway.stop('SIGKILL');
  for (const pid of workers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function deleteKeys(redisUrl: string, keyPrefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

/** Polls `probe` until `done` holds; fails with the last value after UNTIL_MS. */
async function until<T>(probe: () => T | Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + UNTIL_MS;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${UNTIL_MS} ms; last: ${JSON.stringify(value)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
