import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../src/lib/crypto.js';
import { webRequestView } from '../../../../src/proxy/request-view.js';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import type { Store } from '../../../../src/store/store.js';
import { testGateway } from '../../../helpers/test-gateway.js';
import { oneUserSource, postLogin } from './login-fixtures.js';

const SECOND = 1000;
const OK = { username: 'alice', password: 'pw-alice' };

/** A gateway whose client address the test sets; limits from `perIp`/`perUsername`. */
async function limitedGateway(
  perIp: number,
  perUsername: number,
  extra = '',
  store?: Store,
  perUsernameAndAddress = perUsername,
) {
  const client = { ip: '192.0.2.1' };
  const { source, calls } = oneUserSource();
  const gateway = await testGateway(
    `rateLimit: { login: { perIp: { limit: ${perIp}, window: 1m }, perUsername: { limit: ${perUsername}, window: 1m }, perUsernameAndAddress: { limit: ${perUsernameAndAddress}, window: 1m } } }\n${extra}`,
    {
      identitySources: [source],
      requestView: (request) => webRequestView(request, client.ip),
      ...(store ? { store } : {}),
    },
  );
  return Object.assign(gateway, { client, calls });
}

describe('POST /auth/login rate limit', () => {
  it('answers the attempt past the per-IP limit with 429 and Retry-After, without checking it', async () => {
    const gateway = await limitedGateway(3, 100);
    for (const username of ['alice', 'bob', 'carol']) {
      expect((await postLogin(gateway, { username, password: 'x' })).status).toBe(401);
    }
    const response = await postLogin(gateway, OK);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:too-many-requests',
      status: 429,
    });
    expect(gateway.calls).toEqual(['alice', 'bob', 'carol']);
  });

  it('counts successful logins too, per IP', async () => {
    const gateway = await limitedGateway(2, 100);
    expect((await postLogin(gateway, OK)).status).toBe(200);
    expect((await postLogin(gateway, OK)).status).toBe(200);
    expect((await postLogin(gateway, OK)).status).toBe(429);
  });

  it('limits each IP on its own', async () => {
    const gateway = await limitedGateway(1, 100);
    expect((await postLogin(gateway, OK)).status).toBe(200);
    expect((await postLogin(gateway, OK)).status).toBe(429);
    gateway.client.ip = '2001:db8::7';
    expect((await postLogin(gateway, OK)).status).toBe(200);
  });

  it('limits a username across IPs and letter case, leaving other usernames alone', async () => {
    const gateway = await limitedGateway(100, 2);
    for (const [ip, username] of [
      ['192.0.2.1', 'alice'],
      ['192.0.2.2', 'ALICE'],
    ]) {
      gateway.client.ip = ip!;
      expect((await postLogin(gateway, { username, password: 'x' })).status).toBe(401);
    }
    gateway.client.ip = '192.0.2.3';
    expect((await postLogin(gateway, OK)).status).toBe(429);
    expect((await postLogin(gateway, { username: 'bob', password: 'x' })).status).toBe(401);
  });

  it('slides: the window frees one attempt as the oldest ages out', async () => {
    const gateway = await limitedGateway(2, 100);
    const start = gateway.clock.now();
    await postLogin(gateway, OK);
    gateway.clock.set(start + 20 * SECOND);
    await postLogin(gateway, OK);
    gateway.clock.set(start + 30 * SECOND);
    const blocked = await postLogin(gateway, OK);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('30');
    gateway.clock.set(start + 60 * SECOND + 1);
    expect((await postLogin(gateway, OK)).status).toBe(200);
    // A fixed window would reset here; the sliding one still holds the attempt made at 20 s.
    const again = await postLogin(gateway, OK);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('20');
  });

  it('keys the username limit on a SHA-256 of the lower-cased name, never the name', async () => {
    const inner = createMemoryStore();
    const keys: string[] = [];
    const store: Store = {
      ...inner,
      rateLimiter: {
        hitRateLimit: (key, ...rest) => {
          keys.push(key);
          return inner.rateLimiter.hitRateLimit(key, ...rest);
        },
        peekRateLimit: (key, ...rest) => inner.rateLimiter.peekRateLimit(key, ...rest),
      },
    };
    const gateway = await limitedGateway(5, 5, '', store);
    await postLogin(gateway, { username: 'Alice', password: 'x' });
    const user = await sha256Hex('alice');
    expect(keys).toEqual([
      'login:ip:192.0.2.1',
      `login:user-ip:${user}:192.0.2.1`,
      `login:user:${user}`,
    ]);
  });

  it('counts the X-Forwarded-For client only behind a trusted proxy', async () => {
    const trusting = await limitedGateway(1, 100, 'server: { trustProxy: true }');
    const via = (client: string) => ({
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.9.9, ${client}` },
    });
    expect((await postLogin(trusting, OK, via('198.51.100.1'))).status).toBe(200);
    expect((await postLogin(trusting, OK, via('198.51.100.2'))).status).toBe(200);
    expect((await postLogin(trusting, OK, via('198.51.100.2'))).status).toBe(429);

    const direct = await limitedGateway(1, 100);
    expect((await postLogin(direct, OK, via('198.51.100.1'))).status).toBe(200);
    expect((await postLogin(direct, OK, via('198.51.100.2'))).status).toBe(429);
  });

  it('an attacker address failing continuously does not stop the victim logging in from another', async () => {
    const gateway = await limitedGateway(1000, 1000, '', undefined, 5);
    gateway.client.ip = '198.51.100.66';
    const answers = [];
    for (let i = 0; i < 50; i++) {
      answers.push(
        (await postLogin(gateway, { username: 'alice', password: `guess-${i}` })).status,
      );
      gateway.clock.advance(SECOND);
    }
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(answers.slice(5))).toEqual(new Set([429]));
    gateway.client.ip = '192.0.2.10';
    expect((await postLogin(gateway, OK)).status).toBe(200);
    // Nor do the victim's own successes count against the username.
    for (let i = 0; i < 10; i++) expect((await postLogin(gateway, OK)).status).toBe(200);
  });

  it('a guess spread over many addresses still hits the per-username limit', async () => {
    const gateway = await limitedGateway(1000, 20, '', undefined, 5);
    const answers = [];
    for (let i = 0; i < 30; i++) {
      gateway.client.ip = `203.0.113.${i}`;
      answers.push(
        (await postLogin(gateway, { username: 'alice', password: `guess-${i}` })).status,
      );
    }
    expect(answers.filter((status) => status === 401)).toHaveLength(20);
    expect(answers.slice(20)).toEqual(Array(10).fill(429));
    // It slows the guess down: the username frees up as the failures age out of the window.
    gateway.clock.advance(60 * SECOND + 1);
    expect((await postLogin(gateway, OK)).status).toBe(200);
  });
});
