import { Cluster, type Redis } from 'ioredis';
import type { RedisKeys } from './keys.js';

// Keys a SCAN reply holds at most per call: the server walks about this many slots of its table.
const SCAN_BATCH = 1000;
// Redis glob metacharacters a key prefix may hold (braces and spaces are refused by the config).
const GLOB = /[*?[\]\\^]/g;

async function countOn(node: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
    count += batch.length;
    cursor = next;
  } while (cursor !== '0');
  return count;
}

/**
 * How many session keys (`<prefix>{s:*}:session`) the primaries hold: SCAN on the server, or on
 * every master a Cluster client knows. Approximate by design: SCAN may return a key twice (while
 * the server resizes its table) and misses keys created after it passed their place; keys expire
 * with their sessions, so the count follows expiry without a look at any record. It walks the
 * whole keyspace in batches of 1000 (each one short; nothing blocks the server for long), so it
 * costs about one round trip per 1000 keys of any kind.
 */
export async function countSessionKeys(
  redis: Redis | Cluster,
  keys: RedisKeys,
  keyPrefix: string,
): Promise<number> {
  const pattern = keyPrefix.replace(GLOB, '\\$&') + keys.session('*').slice(keyPrefix.length);
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  if (nodes.length === 0) throw new Error('no Redis Cluster master is known yet');
  const counts = await Promise.all(nodes.map((node) => countOn(node, pattern)));
  return counts.reduce((sum, count) => sum + count, 0);
}
