import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { binaries } from './binaries.js';
import {
  AUTH_LOAD_NAMES,
  DISTINCT_TARGET_NAMES,
  HAPROXY_TARGET_NAMES,
  needsCluster,
  needsRedis,
  TARGET_NAMES,
} from './targets.js';

/** Every problem that stops the load tests before they start, each with its fix; empty when ready. */
export function preflight(benchDir: string, only: readonly string[], tokens: number): string[] {
  const problems: string[] = [];
  const known: readonly string[] = [...TARGET_NAMES, ...AUTH_LOAD_NAMES];
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length) {
    problems.push(`BENCH_TARGETS: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  }
  if (needsRedis(only) && !process.env.GATEHOUSE_TEST_REDIS_URL && !binaries.redisServer) {
    problems.push(
      'missing redis-server for the Redis-backed targets: apt-get install -y redis-server ' +
        '(or set GATEHOUSE_TEST_REDIS_URL, or leave them out with BENCH_TARGETS)',
    );
  }
  if (needsCluster(only) && (!binaries.redisServer || !binaries.redisCli)) {
    problems.push(
      'missing redis-server or redis-cli for the private Redis Cluster: apt-get install -y ' +
        'redis-server redis-tools (or leave the cluster targets out with BENCH_TARGETS)',
    );
  }
  const wants = (names: readonly string[]) =>
    only.length === 0 || only.some((name) => names.includes(name));
  if (wants(HAPROXY_TARGET_NAMES) && !binaries.haproxy) {
    problems.push(
      `missing haproxy${process.env.BENCH_HAPROXY ? ` (BENCH_HAPROXY=${process.env.BENCH_HAPROXY})` : ''}: ` +
        'apt-get install -y haproxy (or leave haproxy-jwt out with BENCH_TARGETS)',
    );
  }
  const distinct = only.filter((name) => DISTINCT_TARGET_NAMES.includes(name as never));
  if (tokens === 0 && distinct.length > 0)
    problems.push(`BENCH_TOKENS=0 turns off the distinct-token targets: ${distinct.join(', ')}`);
  const missing = (['wrk', 'nginx'] as const).filter((name) => !binaries[name]);
  if (missing.length)
    problems.push(`missing ${missing.join(' and ')}: apt-get install -y wrk nginx`);
  if (!binaries.taskset) problems.push('missing taskset: apt-get install -y util-linux');
  if (availableParallelism() < 2)
    problems.push('needs 2 cores: servers run on core 0, wrk on core 1');
  if (!existsSync(join(benchDir, 'node_modules/fastify'))) {
    problems.push('missing the fastify peers: npm --prefix test/bench ci (npm run bench does it)');
  }
  return problems;
}
