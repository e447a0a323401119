import { describe, expect, it } from 'vitest';
import { nodeSecretCrypto } from '../../../src/adapters/node/node-secret-crypto.js';
import { webSecretCrypto, type SealingInput } from '../../../src/lib/secret-crypto.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Fixed input and the blob AES-256-GCM under HKDF-SHA-256 (RFC 5869, empty salt) makes of it
// with the IV 0x09 × 12: iv || ciphertext || tag. Pins the format, so a pair sealed before a
// change (a rolling deploy, a store shared by instances on other runtimes) still opens after it.
const SEALING: SealingInput = {
  secret: new Uint8Array(32).fill(7),
  info: encoder.encode('gatehouse refresh successor v1'),
  additionalData: encoder.encode('sid-1'),
};
const KNOWN_BLOB = 'CQkJCQkJCQkJCQkJ8_vO6_0fEVYodu6rB1J5KP3eFojirjI';
const blob = () => new Uint8Array(Buffer.from(KNOWN_BLOB, 'base64url'));

describe.each([
  ['Web Crypto', webSecretCrypto],
  ['node:crypto', nodeSecretCrypto],
])('SecretCrypto (%s)', (_name, secrets) => {
  it('hashes with SHA-256 as lowercase hex (FIPS 180-2 test vector)', async () => {
    expect(await secrets.sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // UTF-8, not UTF-16 or Latin-1: the hash of the bytes c3 a9.
    expect(await secrets.sha256Hex('é')).toBe(
      '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c',
    );
  });

  it('opens the known blob, and refuses it under another secret, info or associated data', async () => {
    expect(decoder.decode(await secrets.open(SEALING, blob()))).toBe('{"a":1}');
    for (const other of [
      { ...SEALING, secret: new Uint8Array(32).fill(8) },
      { ...SEALING, info: encoder.encode('another use') },
      { ...SEALING, additionalData: encoder.encode('sid-2') },
    ]) {
      await expect(secrets.open(other, blob())).rejects.toThrow();
    }
  });

  it('refuses a blob with any one byte flipped, and one too short to hold an IV and a tag', async () => {
    for (const at of [0, 11, 12, 18, 19, 34]) {
      const tampered = blob();
      tampered[at]! ^= 1;
      await expect(secrets.open(SEALING, tampered)).rejects.toThrow();
    }
    await expect(secrets.open(SEALING, blob().slice(0, 27))).rejects.toThrow();
    await expect(secrets.open(SEALING, new Uint8Array())).rejects.toThrow();
  });

  it('seals with a fresh IV each time, in the layout the other implementation opens', async () => {
    const plaintext = encoder.encode('{"pair":"é"}');
    const [a, b] = [await secrets.seal(SEALING, plaintext), await secrets.seal(SEALING, plaintext)];
    expect(a.length).toBe(12 + plaintext.length + 16);
    expect(Buffer.from(a.slice(0, 12))).not.toEqual(Buffer.from(b.slice(0, 12)));
    for (const opener of [webSecretCrypto, nodeSecretCrypto]) {
      expect(decoder.decode(await opener.open(SEALING, a))).toBe('{"pair":"é"}');
    }
  });
});
