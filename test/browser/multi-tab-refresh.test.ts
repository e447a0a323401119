import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useBrowserStack } from './browser-stack.js';
import { useChromium } from './chromium.js';
import { describeWithBrowser } from './describe-with-browser.js';
import { openSpa, SIGNED_IN, type SpaPage } from './spa-page.js';
import { watchTokenExpiry } from './watch-token-expiry.js';

// Issue #6, 4(b): five tabs of one origin (one context: one cookie jar, BroadcastChannel and Web
// Locks) wake at once with an expired access token and all call a `session` route: every call
// succeeds, and the store sees exactly one rotation for that expiry, not five, and no reuse.
//
// "One rotation per expiry" has to be made exact: with real timers each tab's client refreshes
// proactively before `exp` (at most half the token's life before), so over any stretch of wall
// time the tabs rotate once per half-lifetime whatever the test does. So the tabs' clock is the
// test's (Playwright's clock, for the whole context): it is paused while the test waits, real
// time, until the gateway refuses the token (clockTolerance 0), like a laptop with its lid shut.
//   1st expiry: the clock jumps to the present — every tab's overdue refresh timer fires at once
//               — and all five tabs call at the same moment.
//   2nd expiry: the tabs' clock stays behind the gateway's (they still think the token fresh),
//               so they send the expired token: 401s, one refresh, a retry for each 401.
// While a round runs the clock flows (the client's short lock and broadcast waits need it); the
// new token is not due for a refresh until half its 8 s life has passed, so a round has 4 s of
// slack before a second, legitimate, rotation could start. Then the clock is paused again.

const TABS = 5;
const ACCESS_TTL_S = 8;
const POLL_MS = 100;
const SESSION_ROUTE = '/account/me';

const pageNow = (page: Page) => page.evaluate(() => Date.now());

/** Polls until the gateway refuses every token handed out so far (exp is in whole seconds). */
async function untilExpired(latestExp: () => number): Promise<void> {
  while (latestExp() === 0 || Date.now() < latestExp() * 1000 + 1000) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Presses `call-session-route` in every tab, then waits for all the results. */
async function callAtOnce(tabs: SpaPage[]): Promise<string[]> {
  await Promise.all(tabs.map((tab) => tab.press('session')));
  return Promise.all(tabs.map((tab) => tab.result('session')));
}

/** Counts the answers of the session route the tabs receive, by status, since the last take. */
function countSessionAnswers(context: BrowserContext): () => Record<number, number> {
  let counts: Record<number, number> = {};
  context.on('response', (response) => {
    if (new URL(response.url()).pathname !== SESSION_ROUTE) return;
    counts[response.status()] = (counts[response.status()] ?? 0) + 1;
  });
  return () => {
    const taken = counts;
    counts = {};
    return taken;
  };
}

describeWithBrowser('five tabs sharing one refresh in Chromium', ({ chromium, redis }) => {
  const browser = useChromium(chromium);
  const stack = useBrowserStack({
    redis,
    accessTtl: `${ACCESS_TTL_S}s`,
    clockTolerance: '0s',
  });

  /** Five signed-in tabs of one context whose clock the test holds. */
  async function fiveTabs() {
    const context = await browser().newContext();
    await context.clock.install();
    const latestExp = watchTokenExpiry(context);
    const answers = countSessionAnswers(context);
    const first = await openSpa(context, stack().spaUrl);
    await first.signIn();
    const tabs = [first];
    while (tabs.length < TABS) tabs.push(await openSpa(context, stack().spaUrl));
    for (const tab of tabs) expect(await tab.settled()).toMatch(SIGNED_IN);
    return { context, tabs, latestExp, answers };
  }

  it('rotates once per expiry when five tabs call at once', async () => {
    const { context, tabs, latestExp, answers } = await fiveTabs();
    const page = tabs[0]!.page;
    // pauseAt refuses a time the page clock has already passed, which a busy machine can reach
    // between reading the page's time and pausing: aim a little ahead, and read again if missed.
    const pause = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await context.clock.pauseAt((await pageNow(page)) + 250);
        } catch (error) {
          if (attempt >= 5 || !/past/i.test(String(error))) throw error;
        }
      }
    };
    const catchUp = async () => context.clock.fastForward(Date.now() - (await pageNow(page)));

    // Expiry 1: asleep past exp, then woken at once.
    await pause();
    await untilExpired(latestExp);
    const before1 = await stack().rotations();
    answers();
    await catchUp();
    await context.clock.resume();
    expect(await callAtOnce(tabs)).toEqual(Array(TABS).fill(expect.stringMatching(/^200\b/)));
    await pause();
    expect(await stack().rotations(), 'rotations for expiry 1').toBe(before1 + 1);
    expect(answers(), 'refreshed before calling').toEqual({ 200: TABS });

    // Expiry 2: the tabs' clock behind the gateway's, so they find out from the 401s.
    await untilExpired(latestExp);
    const before2 = await stack().rotations();
    answers();
    await context.clock.resume();
    expect(await callAtOnce(tabs)).toEqual(Array(TABS).fill(expect.stringMatching(/^200\b/)));
    await pause();
    expect(await stack().rotations(), 'rotations for expiry 2').toBe(before2 + 1);
    // Each tab that sent the old token retried once; a tab whose click landed after the first
    // refresh's broadcast had the new one already.
    const { 200: ok, 401: refused, ...other } = answers();
    expect([ok, other]).toEqual([TABS, {}]);
    expect(refused, 'tabs that found out from a 401').toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(TABS);
    for (const tab of tabs) expect(await tab.settled()).toMatch(SIGNED_IN);
  }, 120_000);
});
