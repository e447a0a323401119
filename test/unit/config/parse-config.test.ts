import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';

const shipped = readFileSync(new URL('../../../config/gatehouse.yaml', import.meta.url), 'utf8');

function problemsOf(yaml: string, env: Record<string, string> = {}): string[] {
  const result = parseConfig(yaml, env);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems;
}

describe('parseConfig', () => {
  it('loads the shipped config with its defaults applied', () => {
    const result = parseConfig(shipped);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.server.port).toBe(8080);
    expect(result.config.tokens.accessTtl).toBe(5 * 60_000);
    expect(result.config.tokens.algorithm).toBe('ES256');
    expect(result.config.sessions.idleTtl).toBe(30 * 60_000);
    expect(result.config.sessions.absoluteTtl).toBe(7 * 86_400_000);
    expect(result.config.sessions.refreshReuseGrace).toBe(10_000);
    expect(result.config.sessions.contextMaxBytes).toBe(64 * 1024);
    expect(result.config.server.timeouts).toMatchObject({ body: 10_000, bodyIdle: 60_000 });
    expect(result.config.routes.map((r) => r.policy)).toEqual([
      'public',
      'public',
      'token',
      'session',
      'context',
    ]);
    expect(Object.isFrozen(result.config.routes[0])).toBe(true);
  });

  it('checks context encryption keys before start-up (check-config too), naming each path', () => {
    const key32 = Buffer.alloc(32, 1).toString('base64url');
    const key16 = Buffer.alloc(16, 1).toString('base64url');
    const problems = problemsOf(`
sessions:
  contextEncryption:
    keys:
      - { id: plain, key: ${key32} }
      - { id: k1, key: ${key16} }
      - { id: k1, key: "not base64!" }
`);
    expect(problems).toEqual([
      'sessions.contextEncryption.keys[0].id: "plain" is reserved for unsealed contexts',
      'sessions.contextEncryption.keys[1].key: Must be 32 bytes, base64url-encoded (got 16 bytes)',
      'sessions.contextEncryption.keys[2].id: Duplicate of keys[1].id',
      'sessions.contextEncryption.keys[2].key: Must be 32 bytes, base64url-encoded (not base64url)',
    ]);
  });

  it('accepts an empty file (all defaults)', () => {
    const result = parseConfig('');
    expect(result.ok && result.config.store.kind).toBe('memory');
  });

  it('reports every problem with its path', () => {
    const problems = problemsOf(`
server: { port: 99999, bodyLimit: lots }
tokens: { accessTtl: 5 minutes, algorithm: HS256 }
routes:
  - { match: { path: /a/* }, upstream: http://127.0.0.1:1, policy: public }
  - { match: { path: /b/* }, upstream: http://127.0.0.1:1, policy: token }
  - { match: { path: /c/* }, upstream: not a url, policy: token }
  - { match: { path: nope }, policy: maybe }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^server\.port: /),
        expect.stringMatching(/^server\.bodyLimit: Invalid size "lots"/),
        expect.stringMatching(/^tokens\.accessTtl: Invalid duration "5 minutes"/),
        expect.stringMatching(/^tokens\.algorithm: /),
        'routes[2].upstream: Invalid URL',
        expect.stringMatching(/^routes\[3\]\.match\.path: Must start with "\/"/),
        expect.stringMatching(/^routes\[3\]\.policy: /),
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it('refuses a zero server.timeouts.bodyIdle', () => {
    expect(problemsOf('server: { timeouts: { bodyIdle: 0s } }')).toEqual([
      'server.timeouts.bodyIdle: Must be more than 0',
    ]);
  });

  it('names unknown keys, nested ones included', () => {
    expect(problemsOf('server: { prot: 1 }\nrouts: []')).toEqual([
      'server.prot: Unknown key',
      'routs: Unknown key',
    ]);
  });

  it('reports the failing branch of a discriminated section', () => {
    expect(problemsOf('store: { kind: redis, url: http://x }')).toEqual([
      'store.url: Invalid URL (redis:// or rediss://)',
    ]);
  });

  it('rejects cross-field contradictions', () => {
    const problems = problemsOf(`
sessions: { idleTtl: 2d, absoluteTtl: 1d }
server: { workers: 2 }
routes:
  - { name: x, match: { path: /a }, policy: public }
  - { name: x, match: { path: /b }, policy: public }
`);
    expect(problems).toEqual([
      'routes[1].name: Duplicate of routes[0].name',
      'server.workers: More than one worker needs a shared store (store.kind: redis, cluster or sentinel)',
      'sessions.absoluteTtl: Must not be shorter than sessions.idleTtl',
    ]);
  });

  it('accepts workers with a shared store, and auto', () => {
    for (const workers of ['2', 'auto']) {
      expect(
        parseConfig(
          `store: { kind: redis, url: "redis://127.0.0.1:6379" }\nserver: { workers: ${workers} }`,
        ).ok,
      ).toBe(true);
    }
  });

  it('reads Cluster and Sentinel stores, naming what is wrong', () => {
    expect(
      parseConfig(
        'store: { kind: cluster, nodes: ["redis://10.0.0.1:7000", "rediss://u:p@10.0.0.2:7001"] }',
      ).ok,
    ).toBe(true);
    expect(
      parseConfig(
        'store: { kind: sentinel, name: main, sentinels: ["10.0.0.1:26379"], password: pw }',
      ).ok,
    ).toBe(true);
    expect(problemsOf('store: { kind: cluster, nodes: [] }')).toEqual([
      'store.nodes: Too small: expected array to have >=1 items',
    ]);
    expect(problemsOf('store: { kind: cluster, nodes: ["http://x:1"] }')).toEqual([
      'store.nodes[0]: Invalid URL (redis:// or rediss://)',
    ]);
    expect(problemsOf('store: { kind: sentinel, name: main, sentinels: ["10.0.0.1"] }')).toEqual([
      'store.sentinels[0]: Must be host:port',
    ]);
    expect(problemsOf('store: { kind: sentinel, sentinels: ["h:1"] }')[0]).toMatch(
      /^store\.name: /,
    );
  });

  it('refuses a database in a Cluster seed and GATEHOUSE_REDIS_URL on a cluster or sentinel store', () => {
    expect(problemsOf('store: { kind: cluster, nodes: ["redis://h:7000/3"] }')).toEqual([
      'store.nodes[0]: Must not name a database: a Redis Cluster has only db 0',
    ]);
    expect(
      problemsOf('store: { kind: sentinel, name: main, sentinels: ["h:26379"] }', {
        GATEHOUSE_REDIS_URL: 'redis://other:6379',
      }),
    ).toEqual(['(env): GATEHOUSE_REDIS_URL applies to store.kind redis, not sentinel']);
  });

  it('reports malformed YAML without throwing', () => {
    expect(problemsOf('server: [unclosed')[0]).toMatch(/^\(file\): /);
  });

  it('lets environment overrides win over the file', () => {
    const result = parseConfig(shipped, {
      GATEHOUSE_PORT: '9090',
      GATEHOUSE_HOST: '0.0.0.0',
      GATEHOUSE_REDIS_URL: 'redis://127.0.0.1:6390/2',
      GATEHOUSE_ISSUER: 'https://auth.example.test',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.server.port).toBe(9090);
    expect(result.config.server.host).toBe('0.0.0.0');
    expect(result.config.store).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6390/2',
      keyPrefix: 'gh:',
    });
    expect(result.config.tokens.issuer).toBe('https://auth.example.test');
  });

  it('validates overridden values like file values', () => {
    expect(problemsOf(shipped, { GATEHOUSE_PORT: 'eighty' })).toEqual([
      expect.stringMatching(/^server\.port: /),
    ]);
  });

  it('interpolates ${VAR} and reports unset variables', () => {
    const yaml = `
identity:
  sources:
    - { kind: webhook, url: "http://127.0.0.1:9/login", secret: "\${HOOK_SECRET}" }
tokens: { issuer: "\${ISSUER:-http://localhost:8080}" }
`;
    const ok = parseConfig(yaml, { HOOK_SECRET: 'a-secret-of-some-length' });
    expect(ok.ok && ok.config.identity.sources[0]).toMatchObject({
      secret: 'a-secret-of-some-length',
    });
    expect(ok.ok && ok.config.tokens.issuer).toBe('http://localhost:8080');
    expect(problemsOf(yaml)).toContain('(env): HOOK_SECRET is referenced but not set');
  });
});
