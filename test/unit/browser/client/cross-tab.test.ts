import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGatehouseClient } from '../../../../src/browser/client/create-gatehouse-client.js';
import type { TabMessage } from '../../../../src/browser/client/tab-channel.js';
import type { GatehouseClient, GatehouseEvent } from '../../../../src/browser/client/types.js';
import { API, GATEWAY, fakeGateway, type FakeGateway } from './fake-gateway.js';
import { fakeWebLocks, type FakeWebLocks } from './fake-web-locks.js';

// Several tabs of one origin: clients sharing a real BroadcastChannel (Node's, delivered between
// instances like between tabs), one Web Locks manager (navigator.locks) and one cookie (the fake
// gateway's session). Real timers, and a little network delay so that refreshes overlap.

/** How long to poll for a condition: generous, the machine may be busy. */
const WAIT = { timeout: 10_000, interval: 20 };
/** The case: ten tabs of one origin waking at once must cause one rotation, not ten. */
const TABS = 10;

let gateway: FakeGateway;
let locks: FakeWebLocks;
let channelName = '';
let tests = 0;

interface Tab {
  client: GatehouseClient;
  events: GatehouseEvent[];
}

/** Opens tabs in this test's browser (its channel name, lock manager and cookie). */
function openTabs(count: number): Tab[] {
  return Array.from({ length: count }, () => {
    const client = createGatehouseClient({ baseUrl: GATEWAY, fetch: gateway.fetch, channelName });
    const events: GatehouseEvent[] = [];
    for (const event of ['login', 'logout', 'refreshed', 'session-ended'] as const) {
      client.on(event, () => events.push(event));
    }
    return { client, events };
  });
}

const tokensOf = (tabs: Tab[]) => Promise.all(tabs.map((t) => t.client.getAccessToken()));
const sidOf = (tab: Tab) => tab.client.session()?.sid;

/** Logs in in the first tab and waits until every tab has heard of it. */
async function signedInTabs(count: number): Promise<Tab[]> {
  const tabs = openTabs(count);
  await tabs[0]!.client.login('alice', 'right');
  await vi.waitFor(() => expect(tabs.map(sidOf)).toEqual(Array(count).fill('s1')), WAIT);
  return tabs;
}

/** Every tab holds the same token, no lock is held or queued, so no refresh is under way. */
async function settled(tabs: Tab[]): Promise<string> {
  let token = '';
  await vi.waitFor(async () => {
    const tokens = await tokensOf(tabs);
    expect(new Set(tokens).size).toBe(1);
    expect(locks.idle()).toBe(true);
    token = tokens[0]!;
  }, WAIT);
  return token;
}

beforeEach(() => {
  gateway = fakeGateway();
  gateway.delayMs = 20;
  locks = fakeWebLocks();
  channelName = `tabs-${process.pid}-${++tests}`;
  vi.stubGlobal('navigator', { locks });
});

afterEach(() => vi.unstubAllGlobals());

describe('across tabs', () => {
  it('a login in one tab signs every tab in, with the same token', async () => {
    const tabs = await signedInTabs(3);
    await settled(tabs);
    expect(tabs.map((t) => t.events)).toEqual([['login'], ['login'], ['login']]);
  });

  it('ten tabs calling at once after the token is refused: one rotation, every call succeeds', async () => {
    const tabs = await signedInTabs(TABS);
    gateway.rejectIssued();

    const responses = await Promise.all(tabs.map((t) => t.client.fetch(API)));

    expect(responses.map((r) => r.status)).toEqual(Array(TABS).fill(200));
    await settled(tabs);
    expect(gateway.rotations).toBe(1);
    expect(gateway.refreshCalls()).toBe(1);
    expect(locks.maxHolders).toBe(1);
  });

  it('ten tabs whose refresh timers fire together: one rotation', async () => {
    const tabs = openTabs(TABS);
    gateway.ttlSeconds = 4; // every tab's timer fires 2 s after the login (half the lifetime)
    await tabs[0]!.client.login('alice', 'right');
    const first = await tabs[0]!.client.getAccessToken();
    gateway.ttlSeconds = 300; // the refreshed token lasts, so no second round starts

    await vi.waitFor(() => expect(gateway.rotations).toBeGreaterThan(0), WAIT);
    const second = await settled(tabs);

    expect(second).not.toBe(first);
    expect(gateway.rotations).toBe(1);
    expect(tabs.map((t) => t.events)).toEqual(Array(TABS).fill(['login', 'refreshed']));
  });

  it('a tab that starts refreshing just after another finished takes its token', async () => {
    const [a, b] = await signedInTabs(2);
    gateway.rejectIssued();

    expect((await a!.client.fetch(API)).status).toBe(200);
    expect((await b!.client.fetch(API)).status).toBe(200);

    await settled([a!, b!]);
    expect(gateway.rotations).toBe(1);
  });

  it('restore takes a peer tab token, without a refresh', async () => {
    const [a] = await signedInTabs(1);
    const [b] = openTabs(1);

    expect(await b!.client.restore()).toBe(true);
    expect(sidOf(b!)).toBe(sidOf(a!));
    expect(await b!.client.getAccessToken()).toBe(await a!.client.getAccessToken());
    expect(gateway.refreshCalls()).toBe(0);
  });

  it('ten tabs reloaded at once, with only the cookie: one rotation, all signed in', async () => {
    gateway.startSession();
    const tabs = openTabs(TABS);

    expect(await Promise.all(tabs.map((t) => t.client.restore()))).toEqual(Array(TABS).fill(true));

    await settled(tabs);
    expect(gateway.rotations).toBe(1);
  });

  it('ten tabs reloaded at once, signed out: all resolve false after one refresh call', async () => {
    const tabs = openTabs(TABS);

    expect(await Promise.all(tabs.map((t) => t.client.restore()))).toEqual(Array(TABS).fill(false));

    // The queued tabs take the holder's "ended" as their answer instead of asking again.
    expect(gateway.refreshCalls()).toBe(1);
    expect(tabs.flatMap((t) => t.events)).toEqual([]);
  });

  it('a logout in one tab signs every tab out', async () => {
    const tabs = await signedInTabs(3);

    await tabs[1]!.client.logout();

    await vi.waitFor(
      () => expect(tabs.map(sidOf)).toEqual([undefined, undefined, undefined]),
      WAIT,
    );
    expect(tabs.map((t) => t.events)).toEqual(Array(3).fill(['login', 'logout']));
  });

  it('a refused refresh in one tab ends the session in every tab', async () => {
    const tabs = await signedInTabs(3);
    gateway.session = null; // revoked by an admin
    gateway.rejectIssued();

    expect((await tabs[0]!.client.fetch(API)).status).toBe(401);

    await vi.waitFor(
      () => expect(tabs.map(sidOf)).toEqual([undefined, undefined, undefined]),
      WAIT,
    );
    expect(tabs.map((t) => t.events)).toEqual(Array(3).fill(['login', 'session-ended']));
    expect(gateway.refreshCalls()).toBe(1);
  });
});

describe('late or stray messages between tabs', () => {
  const raws: BroadcastChannel[] = [];
  afterEach(() => raws.splice(0).forEach((raw) => raw.close()));

  /** A raw tab on this test's channel, to post messages in a chosen order and read the replies. */
  function rawTab() {
    const raw = new BroadcastChannel(channelName);
    raws.push(raw);
    const heard: TabMessage[] = [];
    raw.onmessage = (event: MessageEvent<TabMessage>) => heard.push(event.data);
    return { post: (m: TabMessage) => raw.postMessage(m), heard };
  }

  it("a peer's refresh heard after a logout does not sign the tab back in", async () => {
    const [a, b] = await signedInTabs(2);
    const theirs = (await b!.client.getAccessToken())!;
    await a!.client.logout();
    const raw = rawTab();

    raw.post({ t: 'token', token: theirs, expAt: Date.now() + 300_000 }); // sent before the logout
    raw.post({ t: 'token', token: theirs, expAt: Date.now() + 300_000, login: true }); // a marker

    await vi.waitFor(() => expect(a!.events).toHaveLength(3), WAIT);
    expect(a!.events).toEqual(['login', 'logout', 'login']);
  });

  it('an "ended" for another session leaves a newer login alone', async () => {
    const [a] = await signedInTabs(1);
    const raw = rawTab();

    raw.post({ t: 'ended', sid: 'an-older-session' });
    raw.post({ t: 'ask' }); // answered only by a signed-in tab, after the "ended" (FIFO)

    await vi.waitFor(() => expect(raw.heard).toMatchObject([{ t: 'token' }]), WAIT);
    expect(sidOf(a!)).toBe('s1');
    raw.post({ t: 'ended', sid: 's1' });
    await vi.waitFor(() => expect(a!.events).toEqual(['login', 'session-ended']), WAIT);
  });
});
