import { expect, it } from 'vitest';
import { useBrowserStack } from './browser-stack.js';
import { useChromium } from './chromium.js';
import { openConsole } from './console-page.js';
import { describeWithBrowser } from './describe-with-browser.js';
import { DEMO_USER, openSpa, SIGNED_OUT } from './spa-page.js';
import { untilText } from './until-text.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Issue #6, 4(c): an admin, in a browser context of their own, revokes the user's session in the
// console; the user's SPA finds out on its next `session`-route call and shows it is signed out.

describeWithBrowser('admin console revokes a session in Chromium', ({ chromium, redis }) => {
  const browser = useChromium(chromium);
  const stack = useBrowserStack({ redis, accessTtl: '5m' });

  it('revokes after a confirmation; the SPA’s next session call fails and it signs out', async () => {
    const user = await browser().newContext();
    const spa = await openSpa(user, stack().spaUrl);
    await spa.signIn();
    expect(await spa.call('session')).toMatch(/^200\b/);

    const admin = await openConsole(await browser().newContext(), stack().consoleUrl);
    await admin.useKey(stack().adminKey);
    const rows = await admin.search(DEMO_USER.sub, 1);
    const sid = (await rows.first().getAttribute('data-sid')) ?? '';
    expect(sid).toMatch(/^\S{8,}$/);
    await untilText(spa.page.getByTestId('session-info'), new RegExp(escapeRegExp(sid)));

    const deletes: string[] = [];
    admin.page.on('request', (request) => {
      if (request.method() === 'DELETE') deletes.push(request.url());
    });
    const revoke = rows.first().getByTestId('revoke-session');
    await revoke.click();
    await admin.confirm(false);
    expect(deletes, 'nothing is revoked without a yes').toEqual([]);
    expect(await spa.call('session')).toMatch(/^200\b/);

    await revoke.click();
    await admin.confirm(true);
    expect(
      await untilText(admin.result, new RegExp(`^Revoked session ${escapeRegExp(sid)}`)),
    ).toBeTruthy();
    expect((await admin.result.getAttribute('class')) ?? '').not.toMatch(/\berror\b/);
    expect(deletes).toEqual([`${stack().origin}/admin/sessions/${sid}`]);

    expect(await spa.call('session')).toMatch(/^(401|error)\b/);
    await untilText(spa.page.getByTestId('status'), SIGNED_OUT);
    await spa.page.getByTestId('session-ended').waitFor({ state: 'visible' });
  }, 90_000);
});
