import { describe, expect, it } from 'vitest';
import { createContextCodec } from '../../../src/context/context-codec.js';
import { encodeContextForStore } from '../../../src/context/encode-context.js';

const deps = (keys: Array<{ id: string; key: string }>, contextMaxBytes = 64) => ({
  config: { sessions: { contextMaxBytes, contextEncryption: { keys } } },
});
const KEYS = [{ id: 'k1', key: Buffer.alloc(32, 1).toString('base64url') }];

describe('encodeContextForStore', () => {
  it('stores plain JSON when no keys are configured', async () => {
    expect(await encodeContextForStore(deps([]), 's', { step: 1 })).toEqual({
      encoding: 'plain',
      data: '{"step":1}',
    });
  });

  it('seals for the given session when keys are configured', async () => {
    const encoded = await encodeContextForStore(deps(KEYS), 'sid-9', { step: 1 });
    expect(encoded.encoding).toBe('k1');
    const codec = createContextCodec(KEYS);
    expect(await codec.open('sid-9', { version: 1, ...encoded })).toEqual({
      version: 1,
      json: '{"step":1}',
    });
    await expect(codec.open('sid-8', { version: 1, ...encoded })).rejects.toThrow();
  });

  it.each([
    ['an array', [1], /must be a JSON object/],
    ['a string', 'x', /must be a JSON object/],
    ['a value over contextMaxBytes', { s: 'x'.repeat(64) }, /exceeds sessions.contextMaxBytes/],
  ])('refuses %s with fixed wording', async (_title, value, message) => {
    await expect(encodeContextForStore(deps([]), 's', value)).rejects.toThrow(message);
    await expect(encodeContextForStore(deps([]), 's', value)).rejects.toBeInstanceOf(TypeError);
  });
});
