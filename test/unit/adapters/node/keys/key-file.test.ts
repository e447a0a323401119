import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSigningKeys } from '../../../../../src/adapters/node/keys/key-file.js';
import { testConfig } from '../../../../helpers/test-gateway.js';
import { signingJwk } from '../../../../helpers/token-fixture.js';
import { rejectionMessage } from '../../../../helpers/error-message.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The `tokens.keys` of a config (file or env sources only). */
function source(yaml: string) {
  const keys = testConfig(yaml).tokens.keys;
  if (keys.source !== 'file' && keys.source !== 'env') throw new Error('not a file or env source');
  return keys;
}

describe('loadSigningKeys: file and env', () => {
  it('reads {"keys": [...]} from the configured file', async () => {
    const jwk = await signingJwk('ES256');
    const path = join(dir, 'keys.json');
    await writeFile(path, JSON.stringify({ keys: [jwk] }));
    const keys = await loadSigningKeys(
      source(`tokens: { keys: { source: file, path: '${path}' } }`),
      {},
    );
    expect(keys).toEqual([jwk]);
  });

  it('names a missing or unreadable file', async () => {
    const path = join(dir, 'absent.json');
    const config = source(`tokens: { keys: { source: file, path: '${path}' } }`);
    expect(await rejectionMessage(loadSigningKeys(config, {}))).toBe(
      `signing keys file ${path} does not exist`,
    );
    const unreadable = source(`tokens: { keys: { source: file, path: '${dir}' } }`);
    expect(await rejectionMessage(loadSigningKeys(unreadable, {}))).toBe(
      `cannot read signing keys file ${dir} (EISDIR)`,
    );
  });

  it('reads the same JSON from the configured environment variable', async () => {
    const jwk = await signingJwk('EdDSA');
    const config = source('tokens: { algorithm: EdDSA, keys: { source: env, variable: MY_KEYS } }');
    expect(await loadSigningKeys(config, { MY_KEYS: JSON.stringify({ keys: [jwk] }) })).toEqual([
      jwk,
    ]);
  });

  it('names the variable when it is unset or malformed, never quoting it', async () => {
    const config = source('tokens: { keys: { source: env } }');
    expect(await rejectionMessage(loadSigningKeys(config, {}))).toMatch(
      'environment variable GATEHOUSE_SIGNING_KEYS (signing keys) is not set',
    );
    const jwk = await signingJwk('ES256');
    const truncated = JSON.stringify({ keys: [jwk] }).slice(0, -3);
    expect(
      await rejectionMessage(loadSigningKeys(config, { GATEHOUSE_SIGNING_KEYS: truncated }), jwk.d),
    ).toMatch('environment variable GATEHOUSE_SIGNING_KEYS is not valid JSON');
  });

  it('never writes anything for file or env sources', async () => {
    const config = source('tokens: { keys: { source: env } }');
    const jwk = await signingJwk('ES256');
    await loadSigningKeys(config, { GATEHOUSE_SIGNING_KEYS: JSON.stringify({ keys: [jwk] }) });
    await expect(readFile(join(dir, 'signing-keys.json'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
