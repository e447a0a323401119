import { decodeJwt, decodeProtectedHeader } from 'jose';
import { expect, it } from 'vitest';
import { useBrowserStack } from './browser-stack.js';
import { useChromium } from './chromium.js';
import { openConsole, type ConsolePage } from './console-page.js';
import { describeWithBrowser } from './describe-with-browser.js';
import { DEMO_USER, openSpa, SIGNED_OUT } from './spa-page.js';
import { untilText } from './until-text.js';

// Issue #6, 3: the console's other actions in Chromium — the key kept across a reload, revoke all
// of a user's sessions, revoke one access token (pasted whole), rotate the signing key — each
// asked first and its result shown, with the effect checked on the gateway itself.

describeWithBrowser('admin console actions in Chromium', ({ chromium, redis }) => {
  const browser = useChromium(chromium);
  const stack = useBrowserStack({ redis, accessTtl: '5m' });

  const adminCall = (method: string, path: string, body?: object) =>
    fetch(`${stack().origin}/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${stack().adminKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  /** A session minted through the admin API, as a trusted backend would: its token pair. */
  async function minted(sub: string): Promise<{ access_token: string; refresh_token: string }> {
    const answer = await adminCall('POST', '/sessions', { sub, scope: 'read:api' });
    expect(answer.status).toBe(201);
    return (await answer.json()) as { access_token: string; refresh_token: string };
  }
  const mintedToken = async (sub: string) => (await minted(sub)).access_token;

  /** A new access token of the same session, refreshed with its cookie as a page would. */
  async function refreshed(refreshToken: string): Promise<string> {
    const answer = await fetch(`${stack().origin}/auth/refresh`, {
      method: 'POST',
      // The shipped cookie name; insecureDevMode (plain HTTP) drops its __Host- prefix.
      headers: { cookie: `gatehouse-refresh=${refreshToken}`, origin: stack().origin },
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { access_token: string }).access_token;
  }

  const sessionRoute = (token: string) =>
    fetch(`${stack().origin}/account/me`, { headers: { authorization: `Bearer ${token}` } });

  async function signedInConsole(): Promise<ConsolePage> {
    const admin = await openConsole(await browser().newContext(), stack().consoleUrl);
    await admin.useKey(stack().adminKey);
    return admin;
  }

  it('keeps the key for the tab across a reload, and forgets it when asked', async () => {
    const admin = await signedInConsole();
    await admin.page.reload();
    await admin.page.getByTestId('user-search-input').waitFor({ state: 'visible' });

    await admin.page.getByTestId('admin-key-forget').click();
    await admin.page.getByTestId('admin-key-input').waitFor({ state: 'visible' });
    await admin.page.reload();
    await admin.page.getByTestId('admin-key-input').waitFor({ state: 'visible' });
    expect(await admin.page.getByTestId('user-search-input').isVisible()).toBe(false);
  }, 60_000);

  it('revokes all of a user’s sessions after a confirmation: both SPAs are signed out', async () => {
    const spas = [
      await openSpa(await browser().newContext(), stack().spaUrl),
      await openSpa(await browser().newContext(), stack().spaUrl),
    ];
    for (const spa of spas) {
      await spa.signIn();
      expect(await spa.call('session')).toMatch(/^200\b/);
    }
    const admin = await signedInConsole();
    await admin.search(DEMO_USER.sub, 2);

    await admin.page.getByTestId('revoke-all').click();
    await admin.confirm(false);
    expect(await spas[0]!.call('session')).toMatch(/^200\b/);

    await admin.page.getByTestId('revoke-all').click();
    await admin.confirm(true);
    await untilText(admin.result, new RegExp(`^Revoked 2 sessions of ${DEMO_USER.sub}`));
    await untilText(admin.page.getByTestId('search-summary'), /^No live sessions for /);
    expect(await admin.page.getByTestId('session-row').count()).toBe(0);

    for (const spa of spas) {
      expect(await spa.call('session')).toMatch(/^(401|error)\b/);
      await untilText(spa.page.getByTestId('status'), SIGNED_OUT);
    }
  }, 90_000);

  it('revokes one pasted access token after a confirmation; its session lives on', async () => {
    const pair = await minted('user-jti');
    const token = pair.access_token;
    expect((await sessionRoute(token)).status).toBe(200);
    const admin = await signedInConsole();

    await admin.page.getByTestId('jti-input').fill(token);
    await admin.page.getByTestId('jti-submit').click();
    await admin.confirm(false);
    expect((await sessionRoute(token)).status).toBe(200);

    await admin.page.getByTestId('jti-input').fill(token);
    await admin.page.getByTestId('jti-submit').click();
    await admin.confirm(true);
    const { jti } = decodeJwt(token);
    await untilText(admin.result, new RegExp(`^Revoked access token ${jti}`));

    const refused = await sessionRoute(token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const successor = await refreshed(pair.refresh_token);
    expect(decodeJwt(successor).sid).toBe(decodeJwt(token).sid);
    expect((await sessionRoute(successor)).status).toBe(200);
  }, 60_000);

  it('rotates the signing key after a confirmation: new tokens carry the new kid', async () => {
    const before = decodeProtectedHeader(await mintedToken('user-rotate')).kid;
    const admin = await signedInConsole();

    await admin.page.getByTestId('rotate-key').click();
    await admin.confirm(false);
    expect(decodeProtectedHeader(await mintedToken('user-rotate')).kid).toBe(before);

    await admin.page.getByTestId('rotate-key').click();
    await admin.confirm(true);
    const shown = await untilText(admin.result, /^Rotated: new key \S+$/);
    const kid = shown.replace('Rotated: new key ', '');
    expect(kid).not.toBe(before);
    expect(await untilText(admin.page.getByTestId('keys-info'), /Previous keys/)).toContain(
      before!,
    );

    expect(decodeProtectedHeader(await mintedToken('user-rotate')).kid).toBe(kid);
    const jwks = (await (await fetch(`${stack().origin}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual([before, kid].sort());
    await untilKeyRows(admin, [kid, before!]);
  }, 60_000);

  it('revokes the active key after a confirmation: its tokens are refused at once', async () => {
    const leaked = await mintedToken('user-key');
    const kid = decodeProtectedHeader(leaked).kid!;
    expect((await sessionRoute(leaked)).status).toBe(200);
    const admin = await signedInConsole();
    const rows = await untilKeyRows(admin, [kid], { prefix: true });
    const revoke = rows.first().getByTestId('revoke-key');

    await revoke.click();
    await admin.confirm(false);
    expect((await sessionRoute(leaked)).status).toBe(200);

    await revoke.click();
    await admin.confirm(true);
    await untilText(admin.result, new RegExp(`^Revoked key ${kid}`));
    expect((await sessionRoute(leaked)).status).toBe(401);
    const replacement = decodeProtectedHeader(await mintedToken('user-key')).kid!;
    expect(replacement).not.toBe(kid);
    const shown = await untilKeyRows(admin, [replacement], { prefix: true });
    expect(await shown.evaluateAll((all) => all.map((row) => row.dataset.kid))).not.toContain(kid);
  }, 60_000);
});

/** The console's signing key rows once their kids (in order, or only the first ones) are `kids`. */
async function untilKeyRows(admin: ConsolePage, kids: string[], options = { prefix: false }) {
  const rows = admin.page.getByTestId('key-row');
  const deadline = Date.now() + 20_000;
  let shown: Array<string | undefined> = [];
  for (;;) {
    shown = await rows.evaluateAll((all) => all.map((row) => (row as HTMLElement).dataset.kid));
    const compared = options.prefix ? shown.slice(0, kids.length) : shown;
    if (JSON.stringify(compared) === JSON.stringify(kids)) return rows;
    if (Date.now() > deadline) throw new Error(`key rows ${JSON.stringify(shown)}, not ${kids}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
