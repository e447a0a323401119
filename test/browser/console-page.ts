import type { BrowserContext, Locator, Page } from 'playwright-core';
import { untilText } from './until-text.js';

/** The admin console in a tab, driven through its data-testid elements only (issue #6 contract). */
export interface ConsolePage {
  page: Page;
  result: Locator;
  /** Enters the admin key (kept for the tab). */
  useKey(key: string): Promise<void>;
  /** Searches a user's sessions; resolves with their rows once `count` of them show. */
  search(sub: string, count: number): Promise<Locator>;
  /** Answers the confirmation dialog, which must be open. */
  confirm(yes: boolean): Promise<void>;
}

/** Opens the admin console in a new tab of `context`. */
export async function openConsole(context: BrowserContext, url: string): Promise<ConsolePage> {
  const page = await context.newPage();
  await page.goto(url);
  const result = page.getByTestId('result');
  const dialog = page.getByTestId('confirm-dialog');
  return {
    page,
    result,
    async useKey(key) {
      await page.getByTestId('admin-key-input').fill(key);
      await page.getByTestId('admin-key-submit').click();
      await page.getByTestId('user-search-input').waitFor({ state: 'visible' });
    },
    async search(sub, count) {
      await page.getByTestId('user-search-input').fill(sub);
      await page.getByTestId('user-search-submit').click();
      const rows = page.getByTestId('session-row');
      const deadline = Date.now() + 20_000;
      while ((await rows.count()) !== count) {
        if (Date.now() > deadline) {
          const shown = await untilText(result, /.*/);
          throw new Error(`expected ${count} session rows for ${sub}; result: ${shown}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return rows;
    },
    async confirm(yes) {
      await dialog.waitFor({ state: 'visible' });
      await page.getByTestId(yes ? 'confirm-yes' : 'confirm-no').click();
      await dialog.waitFor({ state: 'hidden' });
    },
  };
}
