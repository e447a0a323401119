import { expect, it } from 'vitest';
import { useBrowserStack } from './browser-stack.js';
import { useChromium } from './chromium.js';
import { describeWithBrowser } from './describe-with-browser.js';
import { DEMO_USER, openSpa, SIGNED_IN, SIGNED_OUT } from './spa-page.js';
import { untilText } from './until-text.js';

// Issue #6, 4(a): the demo SPA in a real Chromium. Signed in, it stays signed in across a reload
// (the access token lives in memory only, so the reload costs one silent refresh from the
// HttpOnly cookie), and the multi-step form resumes where the session context says.

describeWithBrowser('demo SPA in Chromium', ({ chromium, redis }) => {
  const browser = useChromium(chromium);
  const stack = useBrowserStack({ redis, accessTtl: '5m' });

  it('signs in, calls both routes, survives reloads and resumes the wizard', async () => {
    const context = await browser().newContext();
    const spa = await openSpa(context, stack().spaUrl);
    expect(await spa.settled()).toMatch(SIGNED_OUT);
    await spa.signIn();
    expect(await spa.call('token')).toMatch(/^200\b/);
    expect(await spa.call('session')).toMatch(/^200\b/);
    await untilText(spa.page.getByTestId('session-info'), new RegExp(DEMO_USER.sub));

    // The reload forgets the in-memory token: one rotation, from the cookie, gets a new one.
    const before = await stack().rotations();
    expect(await spa.reload()).toMatch(SIGNED_IN);
    expect(await stack().rotations()).toBe(before + 1);
    expect(await spa.call('token')).toMatch(/^200\b/);
    expect(await spa.call('session')).toMatch(/^200\b/);
    const stored = await spa.page.evaluate(() =>
      JSON.stringify([{ ...localStorage }, { ...sessionStorage }]),
    );
    expect(stored, 'no JWT in web storage').not.toMatch(/eyJ/);
    expect((await context.cookies()).map((c) => [c.name, c.httpOnly])).toEqual([
      ['gatehouse-refresh', true],
    ]);

    const step = spa.page.getByTestId('wizard-step');
    const answer = async (n: number, text: string) => {
      await untilText(step, new RegExp(`^Step ${n} of 3$`));
      await spa.page.getByTestId('wizard-input').fill(text);
      await spa.page.getByTestId('wizard-next').click();
    };
    await answer(1, 'Ada');
    await answer(2, 'Lisbon');
    await untilText(step, /^Step 3 of 3$/);
    expect(await spa.reload()).toMatch(SIGNED_IN);
    await answer(3, 'teal');
    const done = spa.page.getByTestId('wizard-done');
    await done.waitFor({ state: 'visible' });
    const answers = await untilText(done, /Ada/);
    expect(answers).toMatch(/Ada.*Lisbon.*teal/);
  }, 90_000);
});
