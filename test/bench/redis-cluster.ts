import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { binaries } from './binaries.js';
import { runPinned, startChild, type Cpus } from './children.js';
import { freePort } from './ports.js';
import { waitForPing } from './redis.js';

/** The bench's own Redis Cluster and the key prefix the bench writes under. */
export interface BenchRedisCluster {
  /** redis:// URLs of every master (the seed nodes of the gatehouse config). */
  nodes: string[];
  keyPrefix: string;
  source: string;
  /** Process groups of its redis-server processes, whose CPU the bench measures. */
  groups: number[];
}

const MASTERS = 3;
/** Redis Cluster's bus port is the client port + 10000 (redis.conf `cluster-port` default). */
const BUS_OFFSET = 10_000;

/**
 * A private Redis Cluster of `masters` redis-server processes from PATH (no replicas: on one core
 * they would only take CPU from the masters), each on a free loopback port, persisting nothing,
 * pinned to `cpu` like the other servers and stopped with them; the 16384 slots are spread by
 * `redis-cli --cluster create`. Resolves once every node reports `cluster_state:ok`.
 */
export async function startBenchRedisCluster(opts: {
  dir: string;
  cpu: Cpus;
  masters?: number;
}): Promise<BenchRedisCluster> {
  const masters = opts.masters ?? MASTERS;
  if (!binaries.redisServer || !binaries.redisCli) {
    throw new Error(
      'the Cluster targets need redis-server and redis-cli on PATH ' +
        '(apt-get install -y redis-server redis-tools); or leave them out: BENCH_TARGETS=...',
    );
  }
  const ports: number[] = [];
  for (let i = 0; i < masters; i++) ports.push(await freeClusterPort(ports));
  const groups: number[] = [];
  for (const port of ports) {
    const dataDir = join(opts.dir, 'redis-cluster', String(port));
    mkdirSync(dataDir, { recursive: true });
    const child = startChild({
      name: `redis-cluster-${port}`,
      command: binaries.redisServer,
      args: [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir],
        ...['--save', '', '--appendonly', 'no'],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'],
        ...['--cluster-announce-ip', '127.0.0.1'],
      ],
      cpu: opts.cpu,
      logPath: join(opts.dir, `redis-cluster-${port}.log`),
    });
    groups.push(child.pid);
    await waitForPing(port, child);
  }
  const created = await runPinned({
    command: binaries.redisCli,
    args: [
      ...['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`)],
      ...['--cluster-replicas', '0', '--cluster-yes'],
    ],
    cpu: opts.cpu,
    timeoutMs: 30_000,
  });
  if (created.code !== 0) {
    throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
  }
  for (const port of ports) await waitForClusterOk(port);
  return {
    nodes: ports.map((port) => `redis://127.0.0.1:${port}`),
    keyPrefix: `bench:${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}:`,
    source: `private Redis Cluster, ${masters} masters`,
    groups,
  };
}

/** A free port whose bus port (+10000) is free and valid too, and not one already `taken`. */
async function freeClusterPort(taken: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await freePort();
    const bus = port + BUS_OFFSET;
    // The ports are all picked before any node starts: none may be another's client or bus port.
    const clash = taken.some((t) =>
      [t, t + BUS_OFFSET].some((used) => used === port || used === bus),
    );
    if (bus > 65_535 || clash) continue;
    if (await canListen(bus)) return port;
  }
  throw new Error('no free port pair (port, port + 10000) for a Redis Cluster node');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls CLUSTER INFO until the node sees every slot served (`cluster_state:ok`). */
async function waitForClusterOk(port: number, timeoutMs = 20_000): Promise<void> {
  const redis = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  const deadline = Date.now() + timeoutMs;
  let info = '';
  try {
    await redis.connect();
    while (Date.now() < deadline) {
      info = String(await redis.call('CLUSTER', 'INFO'));
      if (info.includes('cluster_state:ok')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    redis.disconnect();
  }
  throw new Error(`Redis Cluster node ${port} not ok after ${timeoutMs} ms:\n${info}`);
}
