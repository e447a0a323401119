import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSigningKeysFor } from '../../../../../src/adapters/node/keys/start-signing-keys.js';
import { silentLogger } from '../../../../../src/observability/logger.js';
import { createMemoryStore } from '../../../../../src/store/memory/memory-store.js';
import { fakeClock, type FakeClock } from '../../../../helpers/fake-clock.js';
import { testConfig } from '../../../../helpers/test-gateway.js';
import { rejectionOf, signingJwk } from '../../../../helpers/token-fixture.js';
import { rejectionMessage } from '../../../../helpers/error-message.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts the signing keys of a config whose data dir is `dataDir` (default: the temp dir). */
function startKeys(
  yaml = '',
  options: { dataDir?: string; clock?: FakeClock; env?: Record<string, string> } = {},
) {
  const config = testConfig(`server: { dataDir: '${options.dataDir ?? dir}' }\n${yaml}`);
  return startSigningKeysFor(config, {
    store: createMemoryStore(),
    clock: options.clock ?? fakeClock(),
    logger: silentLogger,
    env: options.env ?? {},
  });
}

const keyFile = async (dataDir = dir) =>
  JSON.parse(await readFile(join(dataDir, 'signing-keys.json'), 'utf8')) as {
    version?: number;
    keys: Array<{ kid: string; alg: string }>;
    meta?: Record<string, { createdAt: number; retiredAt: number | null }>;
  };

describe('tokens.keys.source: generate (the data dir)', () => {
  it('generates one key on first start and reuses it after a restart', async () => {
    const first = await startKeys();
    const second = await startKeys();
    expect(first.keyring.jwks().keys).toHaveLength(1);
    expect(first.keyring.active).toMatchObject({ alg: 'ES256' });
    expect(second.keyring.active.kid).toBe(first.keyring.active.kid);
  });

  it('keeps the key file 0600 in a 0700 data directory', async () => {
    const dataDir = join(dir, 'nested', 'data');
    await startKeys('', { dataDir });
    expect((await stat(join(dataDir, 'signing-keys.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  });

  it('agrees on one key when several processes start at once', async () => {
    const started = await Promise.all([1, 2, 3, 4].map(() => startKeys()));
    expect(new Set(started.map((keys) => keys.keyring.active.kid)).size).toBe(1);
  });

  it('puts a new key first when tokens.algorithm changes, keeping the old ones after it', async () => {
    const old = (await startKeys()).keyring.active.kid;
    const changed = await startKeys('tokens: { algorithm: EdDSA }');
    expect(changed.keyring.jwks().keys.map((k) => [k.alg, k.kid])).toEqual([
      ['EdDSA', changed.keyring.active.kid],
      ['ES256', old],
    ]);
    const again = await startKeys('tokens: { algorithm: EdDSA }');
    expect(again.keyring.active.kid).toBe(changed.keyring.active.kid);
    expect((await stat(join(dir, 'signing-keys.json'))).mode & 0o777).toBe(0o600);
  });

  it('rotates by rewriting the file: new key first, the old one dated retired, version bumped', async () => {
    const clock = fakeClock();
    const keys = await startKeys('', { clock });
    const before = keys.keyring.active.kid;
    clock.advance(1_000);
    const { kid, previous } = await keys.rotate();
    expect(previous).toEqual([before]);
    const file = await keyFile();
    expect(file.version).toBe(2);
    expect(file.keys.map((k) => k.kid)).toEqual([kid, before]);
    expect(file.meta?.[before]?.retiredAt).toBe(clock.now());
    expect(file.meta?.[kid]).toEqual({ createdAt: clock.now(), retiredAt: null });
    expect((await stat(join(dir, 'signing-keys.json'))).mode & 0o777).toBe(0o600);
    // A restart serves the rotated set.
    const restarted = await startKeys('', { clock });
    expect(restarted.keyring.jwks().keys.map((k) => k.kid)).toEqual([kid, before]);
  });

  it('reads and rotates a file written before rotation existed ({"keys": [...]} only)', async () => {
    const jwk = await signingJwk('ES256');
    await writeFile(join(dir, 'signing-keys.json'), JSON.stringify({ keys: [jwk] }));
    const keys = await startKeys();
    expect(keys.keyring.active.kid).toBe(jwk.kid);
    expect((await keys.rotate()).previous).toEqual([jwk.kid]);
    expect((await keyFile()).version).toBe(2);
  });

  it('names the file when it is not valid JSON or not a key set', async () => {
    const file = join(dir, 'signing-keys.json');
    const secret = 'PRIVATE-d-VALUE';
    await writeFile(file, `{"keys": [{"kty": "EC", "d": "${secret}"`);
    expect(await rejectionMessage(startKeys(), secret)).toMatch(
      `signing keys file ${file} is not valid JSON`,
    );
    await writeFile(file, JSON.stringify({ keys: [{ d: secret }] }));
    expect(await rejectionMessage(startKeys(), secret)).toMatch(
      /is not a key set .*keys\[0\]\.kty/,
    );
    await writeFile(file, JSON.stringify({ keys: [] }));
    expect(await rejectionMessage(startKeys())).toMatch(
      `signing keys file ${file} is not a key set`,
    );
  });
});

describe('tokens.keys.source: file and env', () => {
  it('refuses to rotate keys managed outside gatehouse, and writes nothing', async () => {
    const jwk = await signingJwk('ES256');
    const keys = await startKeys('tokens: { keys: { source: env } }', {
      env: { GATEHOUSE_SIGNING_KEYS: JSON.stringify({ keys: [jwk] }) },
    });
    expect(keys.keyring.active.kid).toBe(jwk.kid);
    const error = await rejectionOf(keys.rotate());
    expect(error).toMatchObject({ status: 409, code: 'keys-managed-outside' });
    await expect(readFile(join(dir, 'signing-keys.json'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('tokens.keys.source: store', () => {
  it('keeps the key set in the store and none in the data dir', async () => {
    const store = createMemoryStore();
    const config = testConfig(`server: { dataDir: '${dir}' }\ntokens: { keys: { source: store } }`);
    const environment = { store, clock: fakeClock(), logger: silentLogger, env: {} };
    const keys = await startSigningKeysFor(config, environment);
    expect((await store.keySets.loadKeySet())?.keys.map((k) => k.jwk.kid)).toEqual([
      keys.keyring.active.kid,
    ]);
    await expect(readFile(join(dir, 'signing-keys.json'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('waits for a store that does not answer yet, up to a limit', async () => {
    const base = createMemoryStore();
    let downUntil = Date.now() + 400;
    const check = async () => {
      if (Date.now() < downUntil) throw new Error('connect ECONNREFUSED');
    };
    const flaky = {
      ...base,
      keySets: {
        ...base.keySets,
        loadKeySet: async () => (await check(), base.keySets.loadKeySet()),
      },
      ping: check,
    };
    const config = testConfig('tokens: { keys: { source: store } }');
    const environment = { store: flaky, clock: fakeClock(), logger: silentLogger, env: {} };
    await expect(startSigningKeysFor(config, environment)).resolves.toBeDefined();
    expect(Date.now()).toBeGreaterThanOrEqual(downUntil);
    downUntil = Date.now() + 60_000;
    await expect(startSigningKeysFor(config, { ...environment, storeWaitMs: 300 })).rejects.toThrow(
      'ECONNREFUSED',
    );
  });
});
