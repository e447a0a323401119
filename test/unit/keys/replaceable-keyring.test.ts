import { describe, expect, it } from 'vitest';
import { createKeyring, createReplaceableKeyring } from '../../../src/keys/keyring.js';
import { generateSigningKey } from '../../../src/keys/jwk.js';
import { signingJwk } from '../../helpers/token-fixture.js';

describe('createReplaceableKeyring', () => {
  it('reads active, find and jwks from whichever keyring was put in last', async () => {
    const first = await createKeyring([await signingJwk('ES256')], 'ES256');
    const next = await generateSigningKey('ES256');
    const second = await createKeyring([next, await signingJwk('ES256')], 'ES256');
    const keyring = createReplaceableKeyring(first);
    const active = () => keyring.active; // read per call, as the signer does
    expect(active()).toBe(first.active);
    expect(keyring.find(next.kid!)).toBeUndefined();
    keyring.replace(second);
    expect(active()).toBe(second.active);
    expect(keyring.find(next.kid!)).toBe(second.active);
    expect(keyring.jwks().keys.map((key) => key.kid)).toEqual([next.kid, first.active.kid]);
  });
});
