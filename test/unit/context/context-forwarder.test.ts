import { describe, expect, it } from 'vitest';
import { createContextCodec, type ContextCodec } from '../../../src/context/context-codec.js';
import { createContextForwarder } from '../../../src/context/context-forwarder.js';
import type { StoredContext } from '../../../src/store/session-record.js';

const key = Buffer.alloc(32, 1).toString('base64url');

/** The real codec with one key, counting the contexts it opens. */
function countingCodec(): ContextCodec & { opened: number } {
  const codec = createContextCodec([{ id: 'k1', key }]);
  const counting = {
    opened: 0,
    seal: codec.seal,
    open: (sid: string, stored: StoredContext) => {
      counting.opened += 1;
      return codec.open(sid, stored);
    },
  };
  return counting;
}

const sealed = async (codec: ContextCodec, sid: string, json: string, version = 1) => ({
  version,
  ...(await codec.seal(sid, json)),
});

describe('createContextForwarder', () => {
  it('decrypts and encodes a context once, then reuses it while the store holds the same', async () => {
    const codec = countingCodec();
    const contexts = createContextForwarder(codec);
    const stored = await sealed(codec, 's1', '{"cart":["é"]}');
    const first = await contexts.forward('s1', stored);
    expect(first).toEqual({
      version: 1,
      json: '{"cart":["é"]}',
      header: Buffer.from('{"cart":["é"]}').toString('base64url'),
    });
    // What the next request reads from the store: equal, but other strings.
    const again = await contexts.forward('s1', { ...stored, data: `${stored.data}` });
    expect(again).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(codec.opened).toBe(1);
  });

  it('opens afresh when the version, the key id or the data changed', async () => {
    const codec = countingCodec();
    const contexts = createContextForwarder(codec);
    const v1 = await sealed(codec, 's1', '{"step":1}');
    await contexts.forward('s1', v1);
    const v2 = await sealed(codec, 's1', '{"step":2}', 2);
    expect((await contexts.forward('s1', v2)).json).toBe('{"step":2}');
    // The same version re-sealed (another nonce): opened again, and still the same JSON.
    const resealed = await sealed(codec, 's1', '{"step":2}', 2);
    expect((await contexts.forward('s1', resealed)).json).toBe('{"step":2}');
    const plain = { version: 2, encoding: 'plain', data: '{"step":3}' };
    expect((await contexts.forward('s1', plain)).json).toBe('{"step":3}');
    expect(codec.opened).toBe(4);
    // Only the key id differs (same version, same bytes): never taken for the plain entry.
    await expect(contexts.forward('s1', { ...plain, encoding: 'k1' })).rejects.toMatchObject({
      code: 'context-unreadable',
    });
    expect(codec.opened).toBe(5);
  });

  it('never serves a cached context for data that no longer opens (same version, bytes flipped)', async () => {
    const codec = countingCodec();
    const contexts = createContextForwarder(codec);
    const stored = await sealed(codec, 's1', '{"role":"user"}');
    await contexts.forward('s1', stored);
    // One byte in the middle of the ciphertext flipped (every bit of it counts, unlike the
    // spare bits of the last base64url character).
    const bytes = Buffer.from(stored.data, 'base64url');
    bytes[bytes.length >> 1]! ^= 1;
    const tampered = { ...stored, data: bytes.toString('base64url') };
    await expect(contexts.forward('s1', tampered)).rejects.toMatchObject({
      status: 500,
      code: 'context-unreadable',
    });
    // The failure is not remembered either: the intact context still opens.
    expect((await contexts.forward('s1', stored)).json).toBe('{"role":"user"}');
  });

  it('keeps one entry per session: another session with the same stored form is its own', async () => {
    const codec = countingCodec();
    const contexts = createContextForwarder(codec);
    const stored = { version: 1, encoding: 'plain', data: '{"a":1}' };
    const a = await contexts.forward('a', stored);
    const b = await contexts.forward('b', stored);
    expect(b).toEqual(a);
    expect(codec.opened).toBe(2);
    expect(await contexts.forward('a', { version: 0, encoding: 'plain', data: 'null' })).toEqual({
      version: 0,
      json: '{}',
      header: 'e30',
    });
  });
});
