import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where `name` is: `override` if set, else the first executable on PATH or in /usr/sbin. */
export function locateBinary(name: string, override: string | undefined): string | undefined {
  if (override) return executable(override) ? override : undefined;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => join(dir, name)).find(executable);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binaries the bench drives (BENCH_WRK, BENCH_NGINX, BENCH_HAPROXY override the lookup). */
export const binaries = {
  wrk: locateBinary('wrk', process.env.BENCH_WRK),
  nginx: locateBinary('nginx', process.env.BENCH_NGINX),
  /** For the haproxy-jwt targets. */
  haproxy: locateBinary('haproxy', process.env.BENCH_HAPROXY),
  taskset: locateBinary('taskset', undefined),
  /** For the Redis-backed targets, unless GATEHOUSE_TEST_REDIS_URL names a server. */
  redisServer: locateBinary('redis-server', undefined),
  /** Creates the private Redis Cluster (`--cluster create`). */
  redisCli: locateBinary('redis-cli', undefined),
};
