import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisStoreConfig } from '../../config/schema.js';
import { logSafeError } from '../../observability/log-safe-error.js';
import type { Logger } from '../../observability/logger.js';

// A dead Redis must fail requests fast (the HTTP layer answers 503) rather than queue them.
const TIMEOUT_MS = 2000;
const MAX_BACKOFF_MS = 1000;

const backoff = (attempt: number) => Math.min(50 * 2 ** attempt, MAX_BACKOFF_MS);

/** The URL without credentials, for logs. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/** Per-connection options every topology shares: no queue, one retry, 2 s timeouts. */
const connectionOptions = {
  maxRetriesPerRequest: 1,
  connectTimeout: TIMEOUT_MS,
  commandTimeout: TIMEOUT_MS,
} satisfies RedisOptions;

/** Credentials and TLS of a redis:// or rediss:// URL, as ioredis options. */
function urlOptions(
  url: string,
): Pick<RedisOptions, 'host' | 'port' | 'username' | 'password' | 'tls'> {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
  };
}

function connect(config: RedisStoreConfig): Redis | Cluster {
  if (config.kind === 'redis') {
    return new Redis(config.url, {
      ...connectionOptions,
      enableOfflineQueue: false,
      retryStrategy: backoff,
    });
  }
  if (config.kind === 'cluster') {
    const seeds = config.nodes.map(urlOptions);
    const { username, password, tls } = seeds[0]!;
    return new Cluster(
      seeds.map(({ host, port }) => ({ host, port })),
      {
        enableOfflineQueue: false,
        clusterRetryStrategy: backoff,
        slotsRefreshTimeout: TIMEOUT_MS,
        redisOptions: { ...connectionOptions, username, password, tls },
      },
    );
  }
  return new Redis({
    ...connectionOptions,
    enableOfflineQueue: false,
    retryStrategy: backoff,
    name: config.name,
    sentinels: config.sentinels.map((address) => {
      const [host, port] = address.split(':') as [string, string];
      return { host, port: Number(port) };
    }),
    username: config.username,
    password: config.password,
    sentinelUsername: config.sentinelUsername,
    sentinelPassword: config.sentinelPassword,
    db: config.db,
    ...(config.tls && { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true }),
    sentinelRetryStrategy: backoff,
    // Follow +switch-master at once rather than on the next failed command.
    failoverDetector: true,
    // An old primary demoted by a failover answers READONLY: reconnect (to the new primary, found
    // through the sentinels) and send the refused command again; it did not run.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  });
}

/** Where the store connects, without credentials, for logs. */
function describe(config: RedisStoreConfig): Record<string, string> {
  if (config.kind === 'redis') return { redis: safeUrl(config.url) };
  if (config.kind === 'cluster') return { redisCluster: config.nodes.map(safeUrl).join(',') };
  return { redisSentinel: `${config.name}@${config.sentinels.join(',')}` };
}

/**
 * Connects to Redis for the store, standalone, as a Cluster or through Sentinel: no offline
 * queue, one retry per command, 2 s connect and command timeouts, and reconnection forever with
 * backoff capped at 1 s, so the store recovers by itself. Logs each change between connected and
 * unreachable once.
 */
export function createRedisClient(config: RedisStoreConfig, logger: Logger): Redis | Cluster {
  const log = logger.child(describe(config));
  const redis = connect(config);
  let state: 'starting' | 'up' | 'down' = 'starting';
  redis.on('ready', () => {
    if (state !== 'up') log.info({}, 'redis store connected');
    state = 'up';
  });
  const lost = (error?: unknown) => {
    if (state !== 'down')
      log.warn({ err: logSafeError(error) }, 'redis store unreachable; reconnecting');
    state = 'down';
  };
  redis.on('error', lost);
  redis.on('close', () => {
    if (state === 'up') lost({ name: 'ConnectionClosed', code: 'connection-closed' });
  });
  return redis;
}
