import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createContextCodec } from '../../../src/context/context-codec.js';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64url');

async function unreadable(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  expect(error).toMatchObject({ status: 500, code: 'context-unreadable' });
  return error as GatewayError;
}

describe('createContextCodec', () => {
  it('stores plain JSON without keys', async () => {
    const codec = createContextCodec([]);
    expect(await codec.seal('s', '{"a":1}')).toEqual({ encoding: 'plain', data: '{"a":1}' });
    expect(await codec.open('s', { version: 3, encoding: 'plain', data: '{"a":1}' })).toEqual({
      version: 3,
      json: '{"a":1}',
    });
  });

  it('opens a never-written context (version 0) as {}', async () => {
    const codec = createContextCodec([]);
    expect(await codec.open('s', { version: 0, encoding: 'plain', data: 'null' })).toEqual({
      version: 0,
      json: '{}',
    });
  });

  it('seals under the first key id and opens it again', async () => {
    const codec = createContextCodec([
      { id: 'k2', key: key(2) },
      { id: 'k1', key: key(1) },
    ]);
    const sealed = await codec.seal('s', '{"a":1}');
    expect(sealed.encoding).toBe('k2');
    expect(sealed.data).not.toContain('"a"');
    expect(await codec.open('s', { version: 1, ...sealed })).toEqual({
      version: 1,
      json: '{"a":1}',
    });
  });

  it('still reads plain records once keys are configured (migration)', async () => {
    const codec = createContextCodec([{ id: 'k1', key: key(1) }]);
    expect(await codec.open('s', { version: 4, encoding: 'plain', data: '{"old":true}' })).toEqual({
      version: 4,
      json: '{"old":true}',
    });
  });

  it('rotation: a record sealed by a key now second in the list still opens', async () => {
    const before = createContextCodec([{ id: 'k1', key: key(1) }]);
    const after = createContextCodec([
      { id: 'k2', key: key(2) },
      { id: 'k1', key: key(1) },
    ]);
    const old = await before.seal('s', '{"v":"old"}');
    expect(await after.open('s', { version: 1, ...old })).toMatchObject({ json: '{"v":"old"}' });
    expect((await after.seal('s', '{}')).encoding).toBe('k2');
  });

  it('refuses a record sealed with a key id no longer configured, naming the id in the cause only', async () => {
    const before = createContextCodec([{ id: 'gone', key: key(1) }]);
    const sealed = await before.seal('s', '{"a":1}');
    const error = await unreadable(
      createContextCodec([{ id: 'k2', key: key(2) }]).open('s', { version: 1, ...sealed }),
    );
    expect(error.detail).toBe('the session context cannot be read');
    expect((error.cause as Error).message).toMatch(/"gone", not configured/);
  });

  it('refuses a sealed record when no keys are configured at all', async () => {
    const sealed = await createContextCodec([{ id: 'k1', key: key(1) }]).seal('s', '{}');
    await unreadable(createContextCodec([]).open('s', { version: 1, ...sealed }));
  });

  it('refuses tampered data and data of another session, without the data in the error', async () => {
    const codec = createContextCodec([{ id: 'k1', key: key(1) }]);
    const sealed = await codec.seal('s', '{"secret":"x"}');
    const flipped = sealed.data.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const error = await unreadable(codec.open('s', { version: 1, encoding: 'k1', data: flipped }));
    expect(JSON.stringify({ ...error, cause: String(error.cause) })).not.toContain(flipped);
    await unreadable(codec.open('other', { version: 1, ...sealed }));
  });
});
