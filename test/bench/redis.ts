import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { binaries } from './binaries.js';
import { startChild, type Child, type Cpus } from './children.js';
import { freePort } from './ports.js';

/** The Redis the Redis-backed gatehouse targets share, and the key prefix the bench writes under. */
export interface BenchRedis {
  url: string;
  /** `bench:<random>:`, so a shared server keeps the bench's keys apart from everyone else's. */
  keyPrefix: string;
  source: 'GATEHOUSE_TEST_REDIS_URL' | 'private redis-server';
  /** The private server (stopped with the other children); undefined for a shared one. */
  child: Child | undefined;
  /** Process groups of the private server, whose CPU the bench measures; none for a shared one. */
  groups: number[];
  /** Deletes the bench's keys from a shared server (a private one simply goes away). */
  cleanUp(): Promise<void>;
}

/**
 * GATEHOUSE_TEST_REDIS_URL when set, else a private `redis-server` from PATH on a free loopback
 * port, persisting nothing (`--save '' --appendonly no`), pinned to `cpu` like the other servers
 * and stopped with them. Resolves once it answers PING.
 */
export async function startBenchRedis(opts: { dir: string; cpu: Cpus }): Promise<BenchRedis> {
  const keyPrefix = `bench:${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}:`;
  const shared = process.env.GATEHOUSE_TEST_REDIS_URL;
  if (shared) {
    const cleanUp = () => deleteKeys(shared, keyPrefix);
    sharedCleanUps.push(cleanUp);
    return {
      url: shared,
      keyPrefix,
      source: 'GATEHOUSE_TEST_REDIS_URL',
      child: undefined,
      groups: [],
      cleanUp,
    };
  }
  if (!binaries.redisServer) {
    throw new Error(
      'the Redis-backed targets need redis-server on PATH (apt-get install -y redis-server) ' +
        'or GATEHOUSE_TEST_REDIS_URL; or leave them out: BENCH_TARGETS=...',
    );
  }
  const port = await freePort();
  const dataDir = join(opts.dir, 'redis');
  mkdirSync(dataDir, { recursive: true });
  const child = startChild({
    name: 'redis-server',
    command: binaries.redisServer,
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dataDir,
    ],
    cpu: opts.cpu,
    logPath: join(opts.dir, 'redis-server.log'),
  });
  await waitForPing(port, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    keyPrefix,
    source: 'private redis-server',
    child,
    groups: [child.pid],
    cleanUp: async () => undefined,
  };
}

const sharedCleanUps: Array<() => Promise<void>> = [];

/**
 * Deletes the bench's keys from a shared Redis (GATEHOUSE_TEST_REDIS_URL), whatever state the run
 * ended in; call it once the gatehouse processes are stopped. Reports, never throws.
 */
export async function cleanUpSharedRedis(): Promise<void> {
  for (const cleanUp of sharedCleanUps.splice(0)) {
    try {
      await cleanUp();
    } catch (error) {
      process.stderr.write(`bench: could not delete its Redis keys: ${(error as Error).message}\n`);
    }
  }
}

/** Polls until the server answers `+PONG`; fails early with its log when it exits. */
export async function waitForPing(port: number, child: Child, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = child.exitStatus();
    if (status !== undefined) throw new Error(`redis-server exited (${status}):\n${child.tail()}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer PING on port ${port}:\n${child.tail()}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** SCAN + UNLINK of every key under `prefix` (sessions, rate-limit hits, revocation sets). */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
