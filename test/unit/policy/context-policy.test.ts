import { beforeEach, describe, expect, it } from 'vitest';
import { problemOf, startSession } from '../api/session/session-fixtures.js';
import { authHeaders, proxyHarness, type ProxyHarness } from './proxy-harness.js';

const KEY = Buffer.alloc(32, 7).toString('base64url');

const config = (extra = '') => `
sessions: { contextHeaderMaxBytes: 64b ${extra} }
routes:
  - { name: ctx, match: { path: /ctx/* }, upstream: "http://up.test", policy: context }
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
  - { name: lenient, match: { path: /open/* }, upstream: "http://up.test", policy: context, onStoreDown: open }
`;

let h: ProxyHarness;

describe('the context policy', () => {
  beforeEach(async () => {
    h = await proxyHarness(config());
  });

  it('forwards X-Auth-Context, base64url JSON decoding to the stored value', async () => {
    const s = await startSession(h.gw, { context: { step: 2, cart: ['é'] } });
    h.control.calls.length = 0;
    const response = await h.gw.app.request('/ctx/x', { headers: s.auth });
    expect(response.status).toBe(200);
    expect(authHeaders(h.seen[0]!)).toEqual({
      'x-auth-subject': 'alice',
      'x-auth-session': s.sid,
      'x-auth-scope': 'read',
      'x-auth-context': { step: 2, cart: ['é'] },
    });
    // One store read: the session comes with its context.
    expect(h.control.calls).toEqual(['getContext']);
  });

  it('forwards the new context on the first request after a write', async () => {
    const s = await startSession(h.gw, { context: { step: 1 } });
    await h.gw.app.request('/ctx/x', { headers: s.auth });
    const put = await h.gw.app.request('/auth/session/context', {
      method: 'PUT',
      headers: { ...s.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ step: 2 }),
    });
    expect(put.status).toBe(200);
    await h.gw.app.request('/ctx/x', { headers: s.auth });
    expect(authHeaders(h.seen[0]!)['x-auth-context']).toEqual({ step: 1 });
    expect(authHeaders(h.seen[1]!)['x-auth-context']).toEqual({ step: 2 });
  });

  it('forwards {} for a context never written', async () => {
    const s = await startSession(h.gw);
    await h.gw.app.request('/ctx/x', { headers: s.auth });
    expect(h.seen[0]!.headers['x-auth-context']).toBe('e30');
  });

  it('replaces a client-sent X-Auth-Context, and sends none on session routes', async () => {
    const s = await startSession(h.gw, { context: { role: 'user' } });
    const spoof = Buffer.from('{"role":"admin"}').toString('base64url');
    const headers = { ...s.auth, 'X-Auth-Context': spoof, X_Auth_Context: spoof };
    await h.gw.app.request('/ctx/x', { headers });
    await h.gw.app.request('/ses/x', { headers });
    expect(authHeaders(h.seen[0]!)['x-auth-context']).toEqual({ role: 'user' });
    expect(Object.keys(h.seen[1]!.headers).filter((k) => /context/i.test(k))).toEqual([]);
  });

  it('answers 502 when the header would exceed contextHeaderMaxBytes', async () => {
    // 48 bytes of JSON are 64 of base64url: the limit itself passes, one byte more does not.
    const fits = await startSession(h.gw, { context: { n: 'x'.repeat(40) } });
    expect((await h.gw.app.request('/ctx/x', { headers: fits.auth })).status).toBe(200);
    const s = await startSession(h.gw, { context: { n: 'x'.repeat(41) } });
    const response = await h.gw.app.request('/ctx/x', { headers: s.auth });
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({
      type: 'urn:gatehouse:problem:context-too-large',
      detail: expect.stringMatching(/^session context too large to forward/),
    });
    expect(h.seen).toHaveLength(1);
  });

  it('answers 401 for a revoked session and 503 when the store is down', async () => {
    const s = await startSession(h.gw);
    h.control.down = true;
    expect((await h.gw.app.request('/ctx/x', { headers: s.auth })).status).toBe(503);
    h.control.down = false;
    await h.gw.deps.store.sessions.revokeSession(
      s.sid,
      h.gw.clock.now(),
      h.gw.clock.now() + 60_000,
    );
    expect((await h.gw.app.request('/ctx/x', { headers: s.auth })).status).toBe(401);
    expect(h.seen).toEqual([]);
  });

  it('with onStoreDown: open, forwards without X-Auth-Context while the store is down', async () => {
    const s = await startSession(h.gw, { context: { a: 1 } });
    h.control.down = true;
    const response = await h.gw.app.request('/open/x', {
      headers: { ...s.auth, 'x-auth-context': 'e30' },
    });
    expect(response.status).toBe(200);
    expect(h.seen[0]!.headers).not.toHaveProperty('x-auth-context');
    expect(h.seen[0]!.headers['x-auth-session']).toBe(s.sid);
  });
});

describe('the context policy with encryption at rest', () => {
  beforeEach(async () => {
    h = await proxyHarness(config(`, contextEncryption: { keys: [{ id: k1, key: "${KEY}" }] }`));
  });

  it('forwards the decrypted context', async () => {
    const s = await startSession(h.gw, { context: { secret: 'plans' } });
    const stored =
      (await h.gw.deps.store.sessions.getContext(s.sid, h.gw.clock.now()))?.context ?? null;
    expect(stored).toMatchObject({ version: 1, encoding: 'k1' });
    expect(stored!.data).not.toContain('plans');
    await h.gw.app.request('/ctx/x', { headers: s.auth });
    expect(authHeaders(h.seen[0]!)['x-auth-context']).toEqual({ secret: 'plans' });
  });

  /** Replaces the session's stored context with `tamper` applied to its sealed data. */
  async function tamperWith(sid: string, tamper: (data: string) => Promise<string> | string) {
    const now = h.gw.clock.now();
    const stored = (await h.gw.deps.store.sessions.getContext(sid, now))!.context;
    const data = await tamper(stored.data);
    const write = { encoding: stored.encoding, data };
    expect(
      await h.gw.deps.store.sessions.compareAndSetContext(sid, stored.version, write, now),
    ).toEqual({
      kind: 'written',
      version: stored.version + 1,
    });
  }

  async function expectRefused(auth: { authorization: string }, sealed: string) {
    const response = await h.gw.app.request('/ctx/x', { headers: auth });
    expect(response.status).toBe(500);
    expect(await problemOf(response)).toMatchObject({
      type: 'urn:gatehouse:problem:context-unreadable',
      detail: 'the session context cannot be read',
    });
    expect(h.seen).toEqual([]);
    const logged = JSON.stringify(h.logger.lines);
    expect(logged).toContain('context-unreadable');
    expect(logged).not.toContain(sealed);
  }

  it('refuses (500, never forwarded) a ciphertext with one byte flipped', async () => {
    const s = await startSession(h.gw, { context: { secret: 'plans' } });
    let flipped = '';
    await tamperWith(s.sid, (data) => {
      const at = data.length >> 1;
      flipped = data.slice(0, at) + (data[at] === 'A' ? 'B' : 'A') + data.slice(at + 1);
      return flipped;
    });
    await expectRefused(s.auth, flipped);
  });

  it('refuses a ciphertext copied from another session (the sid is authenticated)', async () => {
    const other = await startSession(h.gw, { context: { role: 'admin' } });
    const s = await startSession(h.gw, { context: { role: 'user' } });
    const now = h.gw.clock.now();
    const copied = (await h.gw.deps.store.sessions.getContext(other.sid, now))!.context.data;
    await tamperWith(s.sid, () => copied);
    await expectRefused(s.auth, copied);
  });
});
