import { Cluster, Redis } from 'ioredis';
import { describe, it } from 'vitest';
import { createStore } from '../../src/adapters/node/create-store.js';
import type { RedisStoreConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { Store } from '../../src/store/store.js';
import { killClientsNamedOn } from './kill-redis-clients.js';
import { untilAnswering } from './redis-env.js';

/** One shared Redis topology the integration suites run against. */
export interface RedisTarget {
  kind: 'redis' | 'cluster' | 'sentinel';
  /** For test names: the kind and where it is, without credentials. */
  label: string;
  /** The `store:` settings (for createStore, or a YAML config) under `keyPrefix`. */
  storeConfig(keyPrefix: string): RedisStoreConfig;
  /** A store of its own (its own connections), answering before it is returned. */
  openStore(keyPrefix: string): Promise<Store>;
  /** A plain client for looking at keys (a Cluster client on a cluster); the caller quits it. */
  admin(): Redis | Cluster;
  /** Every key under `prefix` (on a cluster: SCAN on every master). */
  keys(prefix: string): Promise<string[]>;
  /** Deletes every key under `prefix`; resolves to how many. */
  deleteKeys(prefix: string): Promise<number>;
  /** Closes, server side, every connection named `name` on the nodes a store talks to. */
  killClientsNamed(name: string): Promise<number>;
}

type Kind = RedisTarget['kind'];

const HOW_TO = 'start them with: eval "$(bash .ci/services.sh start)"';
const ENV: Record<Kind, string[]> = {
  redis: ['GATEHOUSE_TEST_REDIS_URL'],
  cluster: ['GATEHOUSE_TEST_REDIS_CLUSTER'],
  sentinel: ['GATEHOUSE_TEST_REDIS_SENTINEL', 'GATEHOUSE_TEST_REDIS_SENTINEL_NAME'],
};
// Shared servers on a busy machine: a store may take a while to find every slot or the primary.
const ANSWER_TIMEOUT_MS = 15_000;

const hostPort = (url: string) => new URL(url).host;
/** `base` (its scheme and credentials) pointed at another `host:port`. */
const atAddress = (base: string, address: string) => {
  const url = new URL(base);
  url.host = address;
  return url.toString();
};

async function scanNode(node: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

/** Runs `use` with a plain connection to each server in turn, closing each after. */
async function onEach<T>(urls: string[], use: (node: Redis) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const url of urls) {
    const node = new Redis(url);
    try {
      results.push(await use(node));
    } finally {
      await node.quit().catch(() => node.disconnect());
    }
  }
  return results;
}

/** URLs of the cluster's nodes with `role` (from CLUSTER NODES on the first seed that answers). */
async function clusterNodes(seeds: string[], role: 'master' | 'all'): Promise<string[]> {
  let lastError: unknown;
  for (const seed of seeds) {
    const node = new Redis(seed);
    try {
      const text = String(await node.call('CLUSTER', 'NODES'));
      return text
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .filter(([, , flags]) => !flags!.includes('fail') && !flags!.includes('handshake'))
        .filter(([, , flags]) => role === 'all' || flags!.split(',').includes('master'))
        .map(([, address]) => atAddress(seed, address!.split('@')[0]!));
    } catch (error) {
      lastError = error;
    } finally {
      node.disconnect();
    }
  }
  throw lastError;
}

function target(
  kind: Kind,
  label: string,
  storeConfig: (keyPrefix: string) => RedisStoreConfig,
  admin: () => Redis | Cluster,
  /** URLs of the servers that hold the keys (`master`) or may hold a store's connections. */
  nodes: (role: 'master' | 'all') => Promise<string[]>,
): RedisTarget {
  const keys = async (prefix: string) =>
    (await onEach(await nodes('master'), (node) => scanNode(node, prefix))).flat();
  return {
    kind,
    label,
    storeConfig,
    admin,
    keys,
    async openStore(keyPrefix) {
      const store = createStore(storeConfig(keyPrefix), silentLogger);
      await untilAnswering(() => store.ping(), ANSWER_TIMEOUT_MS);
      return store;
    },
    async deleteKeys(prefix) {
      const counts = await onEach(await nodes('master'), async (node) => {
        const found = await scanNode(node, prefix);
        // One key per command: a cluster node refuses a DEL whose keys span slots.
        for (const key of found) await node.unlink(key);
        return found.length;
      });
      return counts.reduce((sum, count) => sum + count, 0);
    },
    killClientsNamed: async (name) => killClientsNamedOn(await nodes('all'), name),
  };
}

function standalone(url: string): RedisTarget {
  return target(
    'redis',
    `redis ${hostPort(url)}`,
    (keyPrefix) => ({ kind: 'redis', url, keyPrefix }),
    () => new Redis(url),
    async () => [url],
  );
}

function cluster(list: string): RedisTarget {
  const seeds = list.split(',').map((url) => url.trim());
  return target(
    'cluster',
    `cluster ${seeds.map(hostPort).join(',')}`,
    (keyPrefix) => ({ kind: 'cluster', nodes: seeds, keyPrefix }),
    () =>
      new Cluster(seeds.map((url) => ({ host: new URL(url).hostname, port: +new URL(url).port }))),
    (role) => clusterNodes(seeds, role),
  );
}

function sentinel(list: string, name: string): RedisTarget {
  const sentinels = list.split(',').map((address) => address.trim());
  const endpoints = sentinels.map((address) => {
    const [host, port] = address.split(':') as [string, string];
    return { host, port: Number(port) };
  });
  // The primary as the sentinels see it now: only it runs commands and holds the subscribers.
  const primary = async () => {
    const [url] = await onEach([`redis://${sentinels[0]}`], async (node) => {
      const reply = (await node.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as string[];
      if (!reply) throw new Error(`the sentinels know no primary named ${name}`);
      return `redis://${reply[0]}:${reply[1]}`;
    });
    return [url!];
  };
  return target(
    'sentinel',
    `sentinel ${name}@${sentinels.join(',')}`,
    (keyPrefix) => ({ kind: 'sentinel', name, sentinels, db: 0, tls: false, keyPrefix }),
    () => new Redis({ sentinels: endpoints, name }),
    primary,
  );
}

const REDIS_URLS = /^rediss?:\/\/[^\s,]+(,rediss?:\/\/[^\s,]+)*$/;
const HOST_PORTS = /^[^\s,:/]+:\d+(,[^\s,:/]+:\d+)*$/;
const FORMATS: Record<string, [RegExp, string]> = {
  GATEHOUSE_TEST_REDIS_URL: [REDIS_URLS, 'a redis:// URL'],
  GATEHOUSE_TEST_REDIS_CLUSTER: [REDIS_URLS, 'comma-separated redis:// URLs'],
  GATEHOUSE_TEST_REDIS_SENTINEL: [HOST_PORTS, 'comma-separated host:port'],
  GATEHOUSE_TEST_REDIS_SENTINEL_NAME: [/^\S+$/, 'a name'],
};

/** The target of `kind` the environment names, or why there is none. */
function targetFromEnv(kind: Kind): RedisTarget | string {
  const missing = ENV[kind].filter((name) => !process.env[name]);
  if (missing.length > 0) return `${missing.join(' and ')} unset`;
  for (const name of ENV[kind]) {
    const [format, expected] = FORMATS[name]!;
    if (!format.test(process.env[name]!)) {
      throw new Error(`${name}=${JSON.stringify(process.env[name])} is not ${expected}`);
    }
  }
  const env = (name: string) => process.env[name]!;
  if (kind === 'redis') return standalone(env('GATEHOUSE_TEST_REDIS_URL'));
  if (kind === 'cluster') return cluster(env('GATEHOUSE_TEST_REDIS_CLUSTER'));
  return sentinel(env('GATEHOUSE_TEST_REDIS_SENTINEL'), env('GATEHOUSE_TEST_REDIS_SENTINEL_NAME'));
}

const PLACEHOLDERS: Record<Kind, () => RedisTarget> = {
  redis: () => standalone('redis://unset.invalid:6379'),
  cluster: () => cluster('redis://unset.invalid:6379'),
  sentinel: () => sentinel('unset.invalid:26379', 'unset'),
};

/**
 * Registers `body` once per Redis topology (standalone, Cluster, Sentinel), each as its own
 * `describe` named `<name> [<target label>]`. A topology whose environment variables are unset is
 * skipped, saying why, unless GATEHOUSE_REQUIRE_SERVICES=1 (CI), where it fails instead. `kinds`
 * narrows the topologies, for suites about one of them.
 */
export function describeEachRedis(
  name: string,
  body: (target: RedisTarget) => void,
  kinds: Kind[] = ['redis', 'cluster', 'sentinel'],
): void {
  for (const kind of kinds) {
    const found = targetFromEnv(kind);
    if (typeof found !== 'string') {
      describe(`${name} [${found.label}]`, () => body(found));
    } else if (process.env.GATEHOUSE_REQUIRE_SERVICES === '1') {
      describe(`${name} [${kind}]`, () => {
        it(`has a Redis ${kind} to run against`, () => {
          throw new Error(`${found} but GATEHOUSE_REQUIRE_SERVICES=1; ${HOW_TO}`);
        });
      });
    } else {
      describe.skip(`${name} [${kind}] (skipped: ${found}; ${HOW_TO})`, () =>
        body(PLACEHOLDERS[kind]()));
    }
  }
}
