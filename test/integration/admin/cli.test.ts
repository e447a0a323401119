import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/adapters/node/create-store.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Store } from '../../../src/store/store.js';
import { describeWithRedis, uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { runCli } from '../../helpers/spawn-gateway.js';
import { testConfig } from '../../helpers/test-gateway.js';
import { signingJwk } from '../../helpers/token-fixture.js';

/** Writes `yaml` as a config file in a fresh temp dir; returns its path and the dir. */
function configFile(yaml: (dir: string) => string): { path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  const path = join(dir, 'gatehouse.yaml');
  writeFileSync(path, yaml(dir));
  return { path, dir };
}

describe('gatehouse admin-key', () => {
  it('prints a new gha_ key and the admin.keys line holding its SHA-256', async () => {
    const { code, stdout } = await runCli(['admin-key', 'ci-bot']);
    expect(code).toBe(0);
    const [key, , entry] = stdout.trim().split('\n');
    expect(key).toMatch(/^gha_[A-Za-z0-9_-]{43}$/);
    const sha256 = createHash('sha256').update(key!).digest('hex');
    expect(entry).toBe(`  - { name: ci-bot, sha256: ${sha256} }`);
    // The line is valid config as printed.
    expect(testConfig(`admin:\n  keys:\n${entry}`).admin.keys).toEqual([
      { name: 'ci-bot', sha256 },
    ]);
    const again = await runCli(['admin-key']);
    expect(again.stdout.split('\n')[0]).not.toBe(key);
    expect(again.stdout).toContain('name: admin,');
  });

  it('refuses a name that would need quoting in YAML', async () => {
    const { code, stderr } = await runCli(['admin-key', 'a: b']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/the name must be/);
  });
});

describe('gatehouse rotate-key', () => {
  it('rewrites the data-dir key file (generate source): new kid first, printed', async () => {
    const { path, dir } = configFile((d) => `server: { dataDir: '${d}' }\n`);
    const first = await runCli(['rotate-key', '--config', path]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['rotate-key', `--config=${path}`]);
    expect(second.code, second.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'signing-keys.json'), 'utf8')) as {
      keys: Array<{ kid: string }>;
    };
    expect(file.keys.map((k) => k.kid).slice(0, 2)).toEqual([
      second.stdout.trim(),
      first.stdout.trim(),
    ]);
    expect(second.stderr).toContain(`still verifying: ${first.stdout.trim()}`);
  });

  it('refuses keys managed outside gatehouse, and a store that lives in the gateway', async () => {
    const jwk = await signingJwk('ES256');
    const { path } = configFile((d) => {
      writeFileSync(join(d, 'keys.json'), JSON.stringify({ keys: [jwk] }));
      return `tokens: { keys: { source: file, path: '${join(d, 'keys.json')}' } }\n`;
    });
    const file = await runCli(['rotate-key', '--config', path]);
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/keys are managed outside gatehouse/);
    const memory = configFile(() => 'tokens: { keys: { source: store } }\n');
    const inProcess = await runCli(['rotate-key', '--config', memory.path]);
    expect(inProcess.code).toBe(1);
    expect(inProcess.stderr).toMatch(/POST \/admin\/keys\/rotate/);
  });

  it('reports an invalid config with every problem, and an unknown argument', async () => {
    const { path } = configFile(() => 'tokens: { algorithm: HS256 }\n');
    const invalid = await runCli(['rotate-key', '--config', path]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/tokens\.algorithm/);
    expect((await runCli(['rotate-key', '--force'])).code).toBe(2);
  });
});

describe('gatehouse revoke-key', () => {
  const kidsIn = (dir: string) =>
    (
      JSON.parse(readFileSync(join(dir, 'signing-keys.json'), 'utf8')) as {
        keys: Array<{ kid: string }>;
      }
    ).keys.map((k) => k.kid);

  it('drops a retired key, and replaces the active one it is given (generate source)', async () => {
    const { path, dir } = configFile((d) => `server: { dataDir: '${d}' }\n`);
    const first = (await runCli(['rotate-key', '--config', path])).stdout.trim();
    const second = (await runCli(['rotate-key', '--config', path])).stdout.trim();
    const [, retired] = kidsIn(dir);
    expect(retired).toBe(first);

    const dropped = await runCli(['revoke-key', first, '--config', path]);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stdout.trim()).toBe(second);
    expect(kidsIn(dir)).not.toContain(first);

    // A kid may begin with "-": after `--` everything is the kid.
    const active = await runCli(['revoke-key', '--config', path, '--', second]);
    expect(active.code, active.stderr).toBe(0);
    const replacement = active.stdout.trim();
    expect(replacement).not.toBe(second);
    expect(kidsIn(dir)[0]).toBe(replacement);
    expect(kidsIn(dir)).not.toContain(second);
    expect(active.stderr).toContain(`revoked ${second}; active key ${replacement}`);
  });

  it('fails for a kid the set does not hold, and needs exactly one kid', async () => {
    const { path } = configFile((d) => `server: { dataDir: '${d}' }\n`);
    const unknown = await runCli(['revoke-key', 'no-such-kid', '--config', path]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no signing key with this kid/);
    expect((await runCli(['revoke-key', '--config', path])).code).toBe(2);
    expect((await runCli(['revoke-key', 'a', 'b', '--config', path])).code).toBe(2);
  });
});

describeWithRedis('gatehouse rotate-key with the keys in Redis', (url) => {
  const keyPrefix = uniqueKeyPrefix();
  let store: Store;
  beforeAll(() => {
    store = createStore({ kind: 'redis', url, keyPrefix }, silentLogger);
  });
  afterAll(async () => {
    await store.close();
    const raw = new Redis(url);
    const found = await raw.keys(`${keyPrefix}*`);
    if (found.length > 0) await raw.del(...found);
    await raw.quit();
  });

  it('stores a new active key for every instance and prints its kid', async () => {
    const { path } = configFile(
      () =>
        `store: { kind: redis, url: '${url}', keyPrefix: '${keyPrefix}' }\ntokens: { keys: { source: store } }\n`,
    );
    const first = await runCli(['rotate-key', '--config', path]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['rotate-key', '--config', path]);
    expect(second.code, second.stderr).toBe(0);
    const stored = await store.keySets.loadKeySet();
    expect(stored?.keys.map((k) => k.jwk.kid).slice(0, 2)).toEqual([
      second.stdout.trim(),
      first.stdout.trim(),
    ]);
  });
});
