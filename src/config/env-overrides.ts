/** Environment variables that override one config value each (deployment values and secrets). */
export const envOverrides: ReadonlyArray<{ variable: string; path: readonly string[] }> = [
  { variable: 'GATEHOUSE_HOST', path: ['server', 'host'] },
  { variable: 'GATEHOUSE_PORT', path: ['server', 'port'] },
  { variable: 'GATEHOUSE_WORKERS', path: ['server', 'workers'] },
  { variable: 'GATEHOUSE_DATA_DIR', path: ['server', 'dataDir'] },
  { variable: 'GATEHOUSE_LOG_LEVEL', path: ['server', 'logLevel'] },
  { variable: 'GATEHOUSE_REDIS_URL', path: ['store', 'url'] },
  { variable: 'GATEHOUSE_ISSUER', path: ['tokens', 'issuer'] },
  { variable: 'GATEHOUSE_AUDIENCE', path: ['tokens', 'audience'] },
];

type Json = Record<string, unknown>;

/**
 * Returns a copy of `raw` with every set override applied (a Redis URL also selects the redis
 * store), and the overrides that cannot apply to this config.
 */
export function applyEnvOverrides(
  raw: Json,
  env: Readonly<Record<string, string | undefined>>,
): { raw: Json; problems: string[] } {
  const out: Json = structuredClone(raw);
  const problems: string[] = [];
  for (const { variable, path } of envOverrides) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = (node[key] = typeof next === 'object' && next !== null ? next : {}) as Json;
    }
    if (
      variable === 'GATEHOUSE_REDIS_URL' &&
      (node.kind === 'cluster' || node.kind === 'sentinel')
    ) {
      problems.push(`(env): GATEHOUSE_REDIS_URL applies to store.kind redis, not ${node.kind}`);
      continue;
    }
    node[path.at(-1)!] = value;
    if (variable === 'GATEHOUSE_REDIS_URL' && (node.kind === undefined || node.kind === 'memory')) {
      node.kind = 'redis';
    }
  }
  return { raw: out, problems };
}
