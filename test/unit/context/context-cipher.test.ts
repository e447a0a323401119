import { describe, expect, it } from 'vitest';
import { createContextCipher } from '../../../src/context/context-cipher.js';

const key = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64url');

describe('createContextCipher', () => {
  it('is null without keys (contexts stay plain)', () => {
    expect(createContextCipher([])).toBeNull();
  });

  it('round-trips, with a fresh 96-bit IV per seal and no plaintext in the output', async () => {
    const cipher = createContextCipher([{ id: 'k1', key: key(1) }])!;
    const [a, b] = [
      await cipher.seal('sid-1', '{"x":"secret"}'),
      await cipher.seal('sid-1', '{"x":"secret"}'),
    ];
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url').subarray(0, 12)).not.toEqual(
      Buffer.from(b, 'base64url').subarray(0, 12),
    );
    // iv (12) + plaintext (14) + tag (16)
    expect(Buffer.from(a, 'base64url').byteLength).toBe(12 + 14 + 16);
    expect(Buffer.from(a, 'base64url').toString('latin1')).not.toContain('secret');
    expect(await cipher.open('sid-1', 'k1', a)).toBe('{"x":"secret"}');
    expect(await cipher.open('sid-1', 'k1', b)).toBe('{"x":"secret"}');
  });

  it('seals with the first key and opens with any configured key by id', async () => {
    const before = createContextCipher([{ id: 'old', key: key(1) }])!;
    const rotated = createContextCipher([
      { id: 'new', key: key(2) },
      { id: 'old', key: key(1) },
    ])!;
    const sealedOld = await before.seal('s', '{"v":1}');
    expect(rotated.sealingKeyId).toBe('new');
    expect(await rotated.open('s', 'old', sealedOld)).toBe('{"v":1}');
    const sealedNew = await rotated.seal('s', '{"v":2}');
    await expect(rotated.open('s', 'old', sealedNew)).rejects.toThrow();
    expect(await rotated.open('s', 'new', sealedNew)).toBe('{"v":2}');
  });

  it('rejects a flipped bit anywhere (IV, ciphertext or tag)', async () => {
    const cipher = createContextCipher([{ id: 'k1', key: key(1) }])!;
    const sealed = Buffer.from(await cipher.seal('s', '{"a":1}'), 'base64url');
    for (const at of [0, 11, 12, 18, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at]! ^= 0x01;
      await expect(cipher.open('s', 'k1', tampered.toString('base64url'))).rejects.toThrow();
    }
  });

  it('rejects a ciphertext opened for another session id (AAD)', async () => {
    const cipher = createContextCipher([{ id: 'k1', key: key(1) }])!;
    const sealed = await cipher.seal('sid-a', '{"a":1}');
    await expect(cipher.open('sid-b', 'k1', sealed)).rejects.toThrow();
  });

  it('rejects unknown key ids, truncated and non-base64url data', async () => {
    const cipher = createContextCipher([{ id: 'k1', key: key(1) }])!;
    const sealed = await cipher.seal('s', '{}');
    await expect(cipher.open('s', 'k0', sealed)).rejects.toThrow(/not configured/);
    await expect(cipher.open('s', 'k1', sealed.slice(0, 20))).rejects.toThrow();
    await expect(cipher.open('s', 'k1', '!!!')).rejects.toThrow();
  });

  it.each([
    [
      'a 16-byte key',
      [{ id: 'k1', key: key(1, 16) }],
      'sessions.contextEncryption.keys[0].key: Must be 32 bytes, base64url-encoded (got 16 bytes)',
    ],
    [
      'a 33-byte key',
      [
        { id: 'k1', key: key(1) },
        { id: 'k2', key: key(1, 33) },
      ],
      'sessions.contextEncryption.keys[1].key: Must be 32 bytes, base64url-encoded (got 33 bytes)',
    ],
    [
      'a key that is not base64url',
      [{ id: 'k1', key: 'not base64!' }],
      'sessions.contextEncryption.keys[0].key: Must be 32 bytes, base64url-encoded (not base64url)',
    ],
    [
      'a duplicate id',
      [
        { id: 'k1', key: key(1) },
        { id: 'k1', key: key(2) },
      ],
      'sessions.contextEncryption.keys[1].id: Duplicate of keys[0].id',
    ],
    [
      'the reserved id "plain"',
      [{ id: 'plain', key: key(1) }],
      'sessions.contextEncryption.keys[0].id: "plain" is reserved',
    ],
  ])('refuses %s at start-up, naming its path', (_title, keys, message) => {
    expect(() => createContextCipher(keys)).toThrow(message);
  });

  it('reports every bad key at once and never echoes key material', () => {
    const secret = key(9, 31);
    let message = '';
    try {
      createContextCipher([
        { id: 'a', key: secret },
        { id: 'b', key: key(1, 8) },
      ]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toHaveLength(2);
    expect(message).not.toContain(secret);
  });

  it('forgives "=" padding on a configured key', async () => {
    const padded = Buffer.alloc(32, 3).toString('base64');
    const cipher = createContextCipher([
      { id: 'k', key: padded.replace(/\+/g, '-').replace(/\//g, '_') },
    ])!;
    expect(await cipher.open('s', 'k', await cipher.seal('s', '{}'))).toBe('{}');
  });
});
