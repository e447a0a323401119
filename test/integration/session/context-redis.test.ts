import type { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { redisKeys } from '../../../src/store/redis/keys.js';
import type { Store } from '../../../src/store/store.js';
import { uniqueKeyPrefix } from '../../helpers/redis-env.js';
import { describeEachRedis } from '../../helpers/redis-targets.js';
import { testGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { signToken, startSession } from '../../unit/api/session/session-fixtures.js';
import { v0SessionRecord } from '../../helpers/v0-session-record.js';

const PATH = '/auth/session/context';
const KEY = Buffer.alloc(32, 42).toString('base64url');
const CONFIG = `
sessions: { contextEncryption: { keys: [{ id: k1, key: "${KEY}" }] } }
revocation: { mode: lookup }
routes:
  - { name: ses, match: { path: /ses/* }, upstream: "http://up.test", policy: session }
  - { name: ctx, match: { path: /ctx/* }, upstream: "http://up.test", policy: context }
`;

describeEachRedis('session and context API against a real Redis', (target) => {
  const keyPrefix = uniqueKeyPrefix();
  const keys = redisKeys(keyPrefix);
  let store: Store;
  let raw: Redis | Cluster;
  let gw: TestGateway;
  let upstreamSaw: Array<Record<string, string>>;

  beforeAll(async () => {
    store = await target.openStore(keyPrefix);
    raw = target.admin();
  });

  beforeEach(async () => {
    upstreamSaw = [];
    const fakeFetch = (async (input: string, init?: RequestInit) => {
      upstreamSaw.push(Object.fromEntries(new Request(input, init).headers));
      return new Response('ok');
    }) as typeof fetch;
    gw = await testGateway(CONFIG, { store, upstream: createFetchTransport(fakeFetch) });
  });

  afterAll(async () => {
    await raw?.quit();
    await store?.close();
    await target.deleteKeys(keyPrefix);
  });

  /** One client's read-modify-write increment: GET, PUT n+1 with If-Match, again on 412. */
  async function increment(auth: Record<string, string>): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const read = await gw.app.request(PATH, { headers: auth });
      expect(read.status).toBe(200);
      const { n } = (await read.json()) as { n?: number };
      const write = await gw.app.request(PATH, {
        method: 'PUT',
        headers: {
          ...auth,
          'content-type': 'application/json',
          'if-match': read.headers.get('etag')!,
        },
        body: JSON.stringify({ n: (n ?? 0) + 1 }),
      });
      if (write.status === 200) return attempt;
      expect(write.status).toBe(412);
    }
  }

  it('50 concurrent If-Match read-modify-write increments end at exactly 50', async () => {
    const s = await startSession(gw);
    const attempts = await Promise.all(Array.from({ length: 50 }, () => increment(s.auth)));
    const final = await gw.app.request(PATH, { headers: s.auth });
    expect(await final.json()).toEqual({ n: 50 });
    expect(final.headers.get('etag')).toBe('"50"');
    // Real contention happened: some writers lost a compare-and-set and retried.
    expect(attempts.some((n) => n > 1)).toBe(true);
  });

  it('keeps the context encrypted in Redis: key id in the record, no plaintext', async () => {
    const s = await startSession(gw);
    const secret = 'ssn-078-05-1120';
    await gw.app.request(PATH, {
      method: 'PUT',
      headers: { ...s.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ secret }),
    });
    const stored = await raw.hgetall(keys.context(s.sid));
    expect(stored).toMatchObject({ version: '1', encoding: 'k1' });
    expect(stored.data).not.toContain(secret);
    expect(Buffer.from(stored.data!, 'base64url').toString('latin1')).not.toContain(secret);
    await gw.app.request('/ctx/x', { headers: s.auth });
    const forwarded = Buffer.from(upstreamSaw[0]!['x-auth-context']!, 'base64url').toString();
    expect(JSON.parse(forwarded)).toEqual({ secret });
  });

  it('refuses to serve or forward a context whose ciphertext was changed in Redis', async () => {
    const s = await startSession(gw, { context: { role: 'user' } });
    const data = (await raw.hget(keys.context(s.sid), 'data'))!;
    const bytes = Buffer.from(data, 'base64url');
    bytes[bytes.length >> 1]! ^= 0x80;
    await raw.hset(keys.context(s.sid), 'data', bytes.toString('base64url'));
    const read = await gw.app.request(PATH, { headers: s.auth });
    expect(read.status).toBe(500);
    expect(await read.json()).toMatchObject({ type: 'urn:gatehouse:problem:context-unreadable' });
    expect((await gw.app.request('/ctx/x', { headers: s.auth })).status).toBe(500);
    expect(upstreamSaw).toEqual([]);
  });

  it('serves a hand-written v0 session record on session and context routes', async () => {
    const now = gw.clock.now();
    const sid = `legacy-${Date.now().toString(36)}`;
    const v0 = await v0SessionRecord(sid, now);
    await raw.set(keys.session(sid), JSON.stringify(v0), 'PX', 60_000);
    const token = await signToken(gw, { sub: 'legacy-user', sid, scope: ['read', 'write'] });
    const auth = { authorization: `Bearer ${token}` };
    expect((await gw.app.request('/ses/x', { headers: auth })).status).toBe(200);
    expect(upstreamSaw[0]).toMatchObject({
      'x-auth-subject': 'legacy-user',
      'x-auth-session': sid,
    });
    expect((await gw.app.request('/ctx/x', { headers: auth })).status).toBe(200);
    expect(upstreamSaw[1]!['x-auth-context']).toBe('e30');
    const info = await gw.app.request('/auth/session', { headers: auth });
    expect(await info.json()).toMatchObject({
      sid,
      sub: 'legacy-user',
      scope: 'read write',
      createdAt: new Date(v0.created).toISOString(),
      idleExpiresAt: new Date(v0.expiresAt).toISOString(),
    });
  });

  it('refuses a session route once the session is revoked in Redis', async () => {
    const s = await startSession(gw);
    expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(200);
    await store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    expect((await gw.app.request('/ses/x', { headers: s.auth })).status).toBe(401);
    expect((await gw.app.request(PATH, { headers: s.auth })).status).toBe(401);
  });
});
