import { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';

// A dead Redis must fail requests fast (the HTTP layer answers 503) rather than queue them.
const TIMEOUT_MS = 2000;
const MAX_BACKOFF_MS = 1000;

/** The URL without credentials, for logs. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

function errorCode(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown';
}

/**
 * Connects to Redis for the store: no offline queue, one retry per command, 2 s connect and
 * command timeouts, and reconnection forever with backoff capped at 1 s, so the store recovers by
 * itself. Logs each change between connected and unreachable once.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const log = logger.child({ redis: safeUrl(url) });
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: TIMEOUT_MS,
    commandTimeout: TIMEOUT_MS,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_BACKOFF_MS),
  });
  let state: 'starting' | 'up' | 'down' = 'starting';
  redis.on('ready', () => {
    if (state !== 'up') log.info({}, 'redis store connected');
    state = 'up';
  });
  const lost = (error?: unknown) => {
    if (state !== 'down')
      log.warn({ code: errorCode(error) }, 'redis store unreachable; reconnecting');
    state = 'down';
  };
  redis.on('error', lost);
  redis.on('close', () => {
    if (state === 'up') lost({ code: 'connection-closed' });
  });
  return redis;
}
