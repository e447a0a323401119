import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';

const ENV = {
  GATEHOUSE_REDIS_URL: 'redis://redis.internal:6379',
  GATEHOUSE_REDIS_PASSWORD: 'example-password',
  ADMIN_KEY_SHA256: 'ab'.repeat(32),
};

const storeOf = (file: string, env: Record<string, string>) => {
  const yaml = readFileSync(new URL(`../../../config/examples/${file}`, import.meta.url), 'utf8');
  const result = parseConfig(yaml, env);
  if (!result.ok) throw new Error(`${file}:\n${result.problems.join('\n')}`);
  return result.config.store;
};

it.each([
  ['redis-standalone.yaml', { kind: 'redis', url: ENV.GATEHOUSE_REDIS_URL }],
  [
    'redis-cluster.yaml',
    {
      kind: 'cluster',
      nodes: [0, 1, 2].map((i) => `redis://redis-${i}.redis-cluster:6379`),
    },
  ],
  [
    'redis-sentinel.yaml',
    { kind: 'sentinel', name: 'gatehouse', password: ENV.GATEHOUSE_REDIS_PASSWORD, db: 0 },
  ],
])('config/examples/%s is a valid config with the store it shows', (file, store) => {
  const { GATEHOUSE_REDIS_URL, ...rest } = ENV;
  const env = store.kind === 'redis' ? ENV : rest;
  expect(storeOf(file, env)).toMatchObject({ ...store, keyPrefix: 'gh:' });
});

it('config/examples/redis-cluster.yaml takes its seed nodes from the environment', () => {
  const nodes = ['redis://10.0.0.1:7000', 'redis://10.0.0.2:7000', 'redis://10.0.0.3:7000'];
  const env = Object.fromEntries(nodes.map((url, i) => [`GATEHOUSE_REDIS_NODE_${i + 1}`, url]));
  expect(
    storeOf('redis-cluster.yaml', { ...env, ADMIN_KEY_SHA256: ENV.ADMIN_KEY_SHA256 }),
  ).toMatchObject({
    kind: 'cluster',
    nodes,
  });
});
