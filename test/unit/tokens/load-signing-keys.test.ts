import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKeys } from '../../../src/adapters/node/load-signing-keys.js';
import type { GatehouseConfig } from '../../../src/config/schema.js';
import { createKeyring } from '../../../src/tokens/create-keyring.js';
import { testConfig } from '../../helpers/test-gateway.js';
import { signingJwk } from './token-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tokens = (yaml: string): GatehouseConfig['tokens'] => testConfig(yaml).tokens;

/** The error message of a rejected load, checked to carry none of the key's private value. */
async function loadError(promise: Promise<unknown>, secret?: string): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  if (secret) expect((error as Error).message).not.toContain(secret);
  return (error as Error).message;
}

describe('loadSigningKeys: generate', () => {
  it('generates one key on first start and reuses it after a restart', async () => {
    const dataDir = join(dir, 'data');
    const first = await loadSigningKeys(tokens(''), dataDir, {});
    const second = await loadSigningKeys(tokens(''), dataDir, {});
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(second.map((k) => k.kid)).toEqual([first[0]!.kid]);
    expect((await createKeyring(second, 'ES256')).active.kid).toBe(first[0]!.kid);
  });

  it('keeps the key file 0600 in a 0700 data directory', async () => {
    const dataDir = join(dir, 'nested', 'data');
    await loadSigningKeys(tokens(''), dataDir, {});
    expect((await stat(join(dataDir, 'signing-keys.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  });

  it('agrees on one key when several processes start at once', async () => {
    const loads = await Promise.all([1, 2, 3, 4].map(() => loadSigningKeys(tokens(''), dir, {})));
    expect(new Set(loads.map((keys) => keys[0]!.kid)).size).toBe(1);
  });

  it('puts a new key first when tokens.algorithm changes, keeping the old ones after it', async () => {
    const [old] = await loadSigningKeys(tokens(''), dir, {});
    const changed = await loadSigningKeys(tokens('tokens: { algorithm: EdDSA }'), dir, {});
    expect(changed.map((k) => k.alg)).toEqual(['EdDSA', 'ES256']);
    expect(changed[1]!.kid).toBe(old!.kid);
    const again = await loadSigningKeys(tokens('tokens: { algorithm: EdDSA }'), dir, {});
    expect(again.map((k) => k.kid)).toEqual(changed.map((k) => k.kid));
    expect((await stat(join(dir, 'signing-keys.json'))).mode & 0o777).toBe(0o600);
  });

  it('names the file when it is not valid JSON or not a key set', async () => {
    const file = join(dir, 'signing-keys.json');
    const secret = 'PRIVATE-d-VALUE';
    await writeFile(file, `{"keys": [{"kty": "EC", "d": "${secret}"`);
    expect(await loadError(loadSigningKeys(tokens(''), dir, {}), secret)).toMatch(
      `signing keys file ${file} is not valid JSON`,
    );
    await writeFile(file, JSON.stringify({ keys: [{ d: secret }] }));
    expect(await loadError(loadSigningKeys(tokens(''), dir, {}), secret)).toMatch(
      /is not a key set .*keys\[0\]\.kty/,
    );
    await writeFile(file, JSON.stringify({ keys: [] }));
    expect(await loadError(loadSigningKeys(tokens(''), dir, {}))).toMatch(
      `signing keys file ${file} is not a key set`,
    );
  });
});

describe('loadSigningKeys: file and env', () => {
  it('reads {"keys": [...]} from the configured file', async () => {
    const jwk = await signingJwk('ES256');
    const path = join(dir, 'keys.json');
    await writeFile(path, JSON.stringify({ keys: [jwk] }));
    const keys = await loadSigningKeys(
      tokens(`tokens: { keys: { source: file, path: '${path}' } }`),
      dir,
      {},
    );
    expect(keys).toEqual([jwk]);
  });

  it('names a missing or unreadable file', async () => {
    const path = join(dir, 'absent.json');
    const config = tokens(`tokens: { keys: { source: file, path: '${path}' } }`);
    expect(await loadError(loadSigningKeys(config, dir, {}))).toBe(
      `signing keys file ${path} does not exist`,
    );
    const unreadable = tokens(`tokens: { keys: { source: file, path: '${dir}' } }`);
    expect(await loadError(loadSigningKeys(unreadable, dir, {}))).toBe(
      `cannot read signing keys file ${dir} (EISDIR)`,
    );
  });

  it('reads the same JSON from the configured environment variable', async () => {
    const jwk = await signingJwk('EdDSA');
    const config = tokens('tokens: { algorithm: EdDSA, keys: { source: env, variable: MY_KEYS } }');
    expect(
      await loadSigningKeys(config, dir, { MY_KEYS: JSON.stringify({ keys: [jwk] }) }),
    ).toEqual([jwk]);
  });

  it('names the variable when it is unset or malformed, never quoting it', async () => {
    const config = tokens('tokens: { keys: { source: env } }');
    expect(await loadError(loadSigningKeys(config, dir, {}))).toMatch(
      'environment variable GATEHOUSE_SIGNING_KEYS (signing keys) is not set',
    );
    const jwk = await signingJwk('ES256');
    const truncated = JSON.stringify({ keys: [jwk] }).slice(0, -3);
    expect(
      await loadError(loadSigningKeys(config, dir, { GATEHOUSE_SIGNING_KEYS: truncated }), jwk.d),
    ).toMatch('environment variable GATEHOUSE_SIGNING_KEYS is not valid JSON');
  });

  it('never writes anything for file or env sources', async () => {
    const config = tokens('tokens: { keys: { source: env } }');
    const jwk = await signingJwk('ES256');
    await loadSigningKeys(config, dir, { GATEHOUSE_SIGNING_KEYS: JSON.stringify({ keys: [jwk] }) });
    await expect(readFile(join(dir, 'signing-keys.json'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
