import { describe, expect, it } from 'vitest';
import { testGateway } from '../../../helpers/test-gateway.js';
import { problemOf, startSession } from './session-fixtures.js';

const PATH = '/auth/session/context';
const key = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64url');
const keysYaml = (keys: Array<[string, string]>) =>
  `sessions: { contextEncryption: { keys: [${keys.map(([id, k]) => `{ id: ${id}, key: "${k}" }`).join(', ')}] } }`;

const put = (auth: Record<string, string>, value: unknown) => ({
  method: 'PUT',
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

describe('session context encryption at rest (API)', () => {
  it('stores sealed under the first key and serves the plaintext', async () => {
    const gw = await testGateway(keysYaml([['k1', key(1)]]));
    const s = await startSession(gw);
    expect((await gw.app.request(PATH, put(s.auth, { card: '4111' }))).status).toBe(200);
    const stored = (await gw.deps.store.sessions.getContext(s.sid, gw.clock.now()))!.context;
    expect(stored.encoding).toBe('k1');
    expect(stored.data).not.toContain('4111');
    expect(await (await gw.app.request(PATH, { headers: s.auth })).json()).toEqual({
      card: '4111',
    });
  });

  it('reads plain records written before keys were added, and seals the next write', async () => {
    const gw = await testGateway(keysYaml([['k1', key(1)]]));
    const s = await startSession(gw);
    const now = gw.clock.now();
    await gw.deps.store.sessions.compareAndSetContext(
      s.sid,
      0,
      { encoding: 'plain', data: '{"legacy":1}' },
      now,
    );
    const read = await gw.app.request(PATH, { headers: s.auth });
    expect(read.headers.get('etag')).toBe('"1"');
    expect(await read.json()).toEqual({ legacy: 1 });
    const patched = await gw.app.request(PATH, {
      method: 'PATCH',
      headers: { ...s.auth, 'content-type': 'application/merge-patch+json', 'if-match': '"1"' },
      body: '{"more":2}',
    });
    expect(await patched.json()).toEqual({ legacy: 1, more: 2 });
    expect((await gw.deps.store.sessions.getContext(s.sid, now))!.context.encoding).toBe('k1');
  });

  it('after rotation, old-key records still read and new writes use the new key', async () => {
    const before = await testGateway(keysYaml([['k1', key(1)]]));
    const after = await testGateway(
      keysYaml([
        ['k2', key(2)],
        ['k1', key(1)],
      ]),
      {
        store: before.deps.store,
        clock: before.clock,
      },
    );
    const s = await startSession(before);
    await before.app.request(PATH, put(s.auth, { v: 'old' }));
    expect(await (await after.app.request(PATH, { headers: s.auth })).json()).toEqual({ v: 'old' });
    await after.app.request(PATH, put(s.auth, { v: 'new' }));
    expect(
      (await after.deps.store.sessions.getContext(s.sid, after.clock.now()))!.context.encoding,
    ).toBe('k2');
    // The gateway that only knows k1 cannot read it: refused, not served.
    const stale = await before.app.request(PATH, { headers: s.auth });
    expect(stale.status).toBe(500);
  });

  it('refuses to serve a tampered record (500 context unreadable) and to patch it', async () => {
    const gw = await testGateway(keysYaml([['k1', key(1)]]));
    const s = await startSession(gw, { context: { a: 1 } });
    const now = gw.clock.now();
    const stored = (await gw.deps.store.sessions.getContext(s.sid, now))!.context;
    const data = stored.data.slice(0, -2) + (stored.data.endsWith('AA') ? 'BA' : 'AA');
    await gw.deps.store.sessions.compareAndSetContext(s.sid, 1, { encoding: 'k1', data }, now);
    const read = await gw.app.request(PATH, { headers: s.auth });
    expect(read.status).toBe(500);
    expect(await problemOf(read)).toMatchObject({
      type: 'urn:gatehouse:problem:context-unreadable',
      detail: 'the session context cannot be read',
    });
    const patch = await gw.app.request(PATH, {
      method: 'PATCH',
      headers: { ...s.auth, 'content-type': 'application/merge-patch+json' },
      body: '{"b":2}',
    });
    expect(patch.status).toBe(500);
    expect((await gw.deps.store.sessions.getContext(s.sid, now))!.context.data).toBe(data);
  });

  it('refuses a stored plain value that is not JSON', async () => {
    const gw = await testGateway();
    const s = await startSession(gw);
    await gw.deps.store.sessions.compareAndSetContext(
      s.sid,
      0,
      { encoding: 'plain', data: '{oops' },
      gw.clock.now(),
    );
    expect((await gw.app.request(PATH, { headers: s.auth })).status).toBe(500);
  });

  it('refuses to start with a key that is not 32 bytes, naming its path', async () => {
    await expect(
      testGateway(
        keysYaml([
          ['k1', key(1)],
          ['k2', key(2, 16)],
        ]),
      ),
    ).rejects.toThrow(
      'sessions.contextEncryption.keys[1].key: Must be 32 bytes, base64url-encoded (got 16 bytes)',
    );
  });
});
