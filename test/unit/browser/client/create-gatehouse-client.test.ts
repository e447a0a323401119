import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGatehouseClient } from '../../../../src/browser/client/create-gatehouse-client.js';
import { GatehouseError } from '../../../../src/browser/client/gatehouse-error.js';
import type { GatehouseEvent } from '../../../../src/browser/client/types.js';
import { API, GATEWAY, fakeGateway, type FakeGateway } from './fake-gateway.js';

// One tab: a browser without Web Locks (navigator stubbed empty), so only the in-tab single-flight
// coordinates; each test has its own BroadcastChannel name, so no other test's client hears it.

const WAIT = { timeout: 10_000, interval: 20 };

let gateway: FakeGateway;
let channel = 0;

function newClient(options: { refreshLeewayMs?: number } = {}) {
  const client = createGatehouseClient({
    baseUrl: GATEWAY,
    fetch: gateway.fetch,
    channelName: `one-tab-${process.pid}-${++channel}`,
    ...options,
  });
  const events: GatehouseEvent[] = [];
  for (const event of ['login', 'logout', 'refreshed', 'session-ended'] as const) {
    client.on(event, () => events.push(event));
  }
  return { client, events };
}

async function signedIn(options: { refreshLeewayMs?: number } = {}) {
  const tab = newClient(options);
  await tab.client.login('alice', 'right');
  return tab;
}

const bearerOf = async (client: ReturnType<typeof newClient>['client']) =>
  `Bearer ${await client.getAccessToken()}`;

beforeEach(() => {
  gateway = fakeGateway();
  vi.stubGlobal('navigator', {});
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('login', () => {
  it('posts the credentials as JSON with the cookie and keeps the session', async () => {
    const { client, events } = newClient();
    await client.login('alice', 'right');

    const call = gateway.calls[0]!;
    expect(call).toMatchObject({ method: 'POST', path: '/auth/login', credentials: 'include' });
    expect(JSON.parse(call.body)).toEqual({ username: 'alice', password: 'right' });
    expect(client.session()).toMatchObject({
      sub: 'alice',
      sid: 's1',
      scope: ['read:api', 'profile'],
    });
    expect(events).toEqual(['login']);
  });

  it('rejects with the status and problem detail, and stays signed out', async () => {
    const { client, events } = newClient();
    const error = await client.login('alice', 'wrong').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GatehouseError);
    expect(error).toMatchObject({
      status: 401,
      problem: { detail: 'invalid username or password' },
    });
    expect((error as Error).message).toBe('gatehouse: 401: invalid username or password');
    expect(client.session()).toBeNull();
    expect(events).toEqual([]);
  });

  it('turns a network failure into a GatehouseError with status 0', async () => {
    const client = createGatehouseClient({
      baseUrl: GATEWAY,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const error = await client.login('alice', 'right').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'GatehouseError', status: 0 });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe('fetch', () => {
  it('attaches the access token to requests to the gateway only', async () => {
    const { client } = await signedIn();
    await client.fetch(API);
    await client.fetch('http://elsewhere.test/x');

    const authorizations = gateway.calls.slice(1).map((c) => [c.path, c.authorization]);
    expect(authorizations).toEqual([
      ['/api/hello', await bearerOf(client)],
      ['/x', null],
    ]);
  });

  it('shares one refresh among ten concurrent calls that get a 401, and retries each once', async () => {
    const { client, events } = await signedIn();
    gateway.rejectIssued();

    const responses = await Promise.all(Array.from({ length: 10 }, () => client.fetch(API)));

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(gateway.refreshCalls()).toBe(1);
    expect(gateway.apiCalls()).toBe(20);
    expect(events).toEqual(['login', 'refreshed']);
  });

  it('refreshes first, once, when the token is about to expire (ten concurrent calls)', async () => {
    vi.useFakeTimers();
    const { client } = await signedIn();
    vi.setSystemTime(Date.now() + 280_000); // inside the 30 s leeway; the timer has not run

    const responses = await Promise.all(Array.from({ length: 10 }, () => client.fetch(API)));

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(gateway.refreshCalls()).toBe(1);
    const bearer = await bearerOf(client);
    const apiCalls = gateway.calls.filter((c) => c.path === '/api/hello');
    expect(apiCalls.map((c) => c.authorization)).toEqual(Array(10).fill(bearer));
  });

  it('returns the second 401 after one refresh and one retry, without looping', async () => {
    const { client } = await signedIn();
    gateway.apiAlways401 = true;

    const response = await client.fetch(API);

    expect(response.status).toBe(401);
    expect(gateway.refreshCalls()).toBe(1);
    expect(gateway.apiCalls()).toBe(2);
    expect(client.session()).not.toBeNull(); // the session itself is fine
  });

  it('sends the same body again on the retry', async () => {
    const { client } = await signedIn();
    gateway.rejectIssued();

    const response = await client.fetch(API, { method: 'POST', body: '{"step":2}' });

    expect(await response.json()).toEqual({ ok: true, body: '{"step":2}' });
    const bodies = gateway.calls.filter((c) => c.path === '/api/hello').map((c) => c.body);
    expect(bodies).toEqual(['{"step":2}', '{"step":2}']);
  });

  it('ends the session when the refresh is refused: session-ended, signed out', async () => {
    const { client, events } = await signedIn();
    gateway.session = null; // an admin revoked it
    gateway.rejectIssued();

    const response = await client.fetch(API);

    expect(response.status).toBe(401);
    expect(events).toEqual(['login', 'session-ended']);
    expect(client.session()).toBeNull();
    expect(await client.getAccessToken()).toBeNull();
  });

  it('rejects when the refresh fails otherwise (503), keeping the session', async () => {
    const { client, events } = await signedIn();
    gateway.rejectIssued();
    gateway.refreshStatus = 503;

    const error = await client.fetch(API).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'GatehouseError', status: 503 });
    expect(client.session()).not.toBeNull();
    expect(events).toEqual(['login']);
  });

  it('does not sign back in when a logout overtakes a refresh in flight', async () => {
    const { client, events } = await signedIn();
    gateway.rejectIssued();
    const release = gateway.pauseRefresh();
    const call = client.fetch(API);
    await vi.waitFor(() => expect(gateway.refreshCalls()).toBe(1), WAIT);

    await client.logout();
    release();

    expect((await call).status).toBe(401);
    expect(client.session()).toBeNull();
    expect(events).toEqual(['login', 'logout']);
  });
});

describe('proactive refresh', () => {
  it('refreshes refreshLeewayMs before exp, by a timer', async () => {
    vi.useFakeTimers();
    const { events } = await signedIn(); // 300 s token, default 30 s leeway

    await vi.advanceTimersByTimeAsync(269_000);
    expect(gateway.refreshCalls()).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(gateway.refreshCalls()).toBe(1);
    expect(events).toEqual(['login', 'refreshed']);
  });

  it('caps the leeway at half the lifetime of a short-lived token', async () => {
    vi.useFakeTimers();
    gateway.ttlSeconds = 10;
    await signedIn();

    await vi.advanceTimersByTimeAsync(4_900);
    expect(gateway.refreshCalls()).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(gateway.refreshCalls()).toBe(1);
  });
});

describe('restore', () => {
  it('gets a token from the refresh cookie on page load', async () => {
    gateway.startSession();
    const { client, events } = newClient();

    expect(await client.restore()).toBe(true);
    expect(gateway.calls).toMatchObject([
      { method: 'POST', path: '/auth/refresh', credentials: 'include', body: '' },
    ]);
    expect(client.session()).toMatchObject({ sub: 'alice', sid: 's1' });
    expect(events).toEqual(['refreshed']);
  });

  it('resolves false without a session, and reports no session-ended', async () => {
    const { client, events } = newClient();

    expect(await client.restore()).toBe(false);
    expect(client.session()).toBeNull();
    expect(events).toEqual([]);
  });

  it('uses the token in memory when there is one', async () => {
    const { client } = await signedIn();
    expect(await client.restore()).toBe(true);
    expect(gateway.refreshCalls()).toBe(0);
  });
});

describe('logout', () => {
  it('posts to /auth/logout with the cookie and the token, and signs out', async () => {
    const { client, events } = await signedIn();
    const bearer = await bearerOf(client);

    await client.logout();

    expect(gateway.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/auth/logout',
      credentials: 'include',
      authorization: bearer,
    });
    expect(client.session()).toBeNull();
    expect(gateway.session).toBeNull();
    expect(events).toEqual(['login', 'logout']);
  });

  it('signs out here even when the gateway fails, and says so', async () => {
    const { client, events } = await signedIn();
    gateway.logoutStatus = 503;

    await expect(client.logout()).rejects.toMatchObject({ status: 503 });
    expect(client.session()).toBeNull();
    expect(events).toEqual(['login', 'logout']);
  });
});

describe('storage', () => {
  it('never writes the access token to Web Storage or IndexedDB', async () => {
    const storage = () => ({ setItem: vi.fn(), getItem: vi.fn(), removeItem: vi.fn() });
    const local = storage();
    const session = storage();
    const idb = { open: vi.fn() };
    vi.stubGlobal('localStorage', local);
    vi.stubGlobal('sessionStorage', session);
    vi.stubGlobal('indexedDB', idb);

    const { client } = await signedIn();
    gateway.rejectIssued();
    await client.fetch(API);
    await client.restore();
    await client.logout();

    for (const spy of [local.setItem, local.getItem, session.setItem, session.getItem, idb.open]) {
      expect(spy).not.toHaveBeenCalled();
    }
  });
});
