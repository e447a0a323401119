import type { BrowserContext, Page } from 'playwright-core';
import { untilText } from './until-text.js';

// The demo user of config/users.yaml (README Quick start) and the subject it signs in as.
export const DEMO_USER = { username: 'demo', password: 'demo-password', sub: 'user-demo' };

export const SIGNED_IN = new RegExp(`^Signed in as ${DEMO_USER.sub}$`);
export const SIGNED_OUT = /^Signed out$/;
// A call's result starts with its status code, or "error" when no response came back.
const RESULT = /^(\d{3}|error)\b/;

type RouteKind = 'token' | 'session';

/** The demo SPA in a tab, driven through its data-testid elements only (issue #6 contract). */
export interface SpaPage {
  page: Page;
  /** Waits until the page says whether it is signed in (restore() finished); returns the text. */
  settled(): Promise<string>;
  signIn(): Promise<void>;
  /** Empties the result of `call-<kind>-route`, then clicks it. */
  press(kind: RouteKind): Promise<void>;
  /** The result the last press shows, once it shows one ("200 …", "401 …", "error …"). */
  result(kind: RouteKind): Promise<string>;
  /** press then result. */
  call(kind: RouteKind): Promise<string>;
  reload(): Promise<string>;
}

/** Wraps a tab showing the demo SPA. */
export function spaPage(page: Page): SpaPage {
  const status = page.getByTestId('status');
  const settled = () => untilText(status, /^(Signed in as .+|Signed out)$/);
  const press = async (kind: RouteKind) => {
    // Emptied first, so an earlier call's result is never taken for this one's.
    await page.getByTestId(`${kind}-route-result`).evaluate((element) => {
      element.textContent = '';
    });
    await page.getByTestId(`call-${kind}-route`).click();
  };
  const result = (kind: RouteKind) => untilText(page.getByTestId(`${kind}-route-result`), RESULT);
  return {
    page,
    settled,
    async signIn() {
      await page.getByTestId('login-username').fill(DEMO_USER.username);
      await page.getByTestId('login-password').fill(DEMO_USER.password);
      await page.getByTestId('login-submit').click();
      await untilText(status, SIGNED_IN);
    },
    press,
    result,
    async call(kind) {
      await press(kind);
      return result(kind);
    },
    async reload() {
      await page.reload();
      return settled();
    },
  };
}

/** Opens the demo SPA in a new tab of `context` and waits for it to settle. */
export async function openSpa(context: BrowserContext, url: string): Promise<SpaPage> {
  const page = await context.newPage();
  await page.goto(url);
  const spa = spaPage(page);
  await spa.settled();
  return spa;
}
