import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

const SCREENSHOTS = resolve(import.meta.dirname, '../../test-output/screenshots');
// The flags issue #6 names: CI containers have no sandbox and no GPU, and the tests want no
// traffic of the browser's own (updates, safe browsing) on the loopback they watch.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** A file-name-safe form of a test's name. */
const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);

/** A PNG of every open page, in context then tab order: `<test-name>-<n>.png`. */
async function screenshotEveryPage(browser: Browser, testName: string): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const pages = browser.contexts().flatMap((context) => context.pages());
  const saved: string[] = [];
  for (const [index, page] of pages.entries()) {
    const path = join(SCREENSHOTS, `${slug(testName)}-${index + 1}.png`);
    try {
      await page.screenshot({ path, fullPage: true, timeout: 10_000 });
      saved.push(path);
    } catch (error) {
      console.error(`could not screenshot ${page.url()}: ${String(error)}`);
    }
  }
  return saved;
}

/**
 * Launches one Chromium for the file (closed after it). After each test every context the test
 * opened is closed; when the test failed, every open page (SPA tabs, the console) is saved first
 * to test-output/screenshots/.
 */
export function useChromium(executablePath: string): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60_000 });
  }, 90_000);
  afterEach(async (context) => {
    if (!browser) return;
    if (context.task.result?.state === 'fail') {
      const saved = await screenshotEveryPage(browser, context.task.name);
      console.error(`screenshots of "${context.task.name}":\n  ${saved.join('\n  ')}`);
    }
    await Promise.all(browser.contexts().map((open) => open.close()));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  }, 30_000);
  return () => {
    if (!browser) throw new Error('Chromium did not launch (see the beforeAll error)');
    return browser;
  };
}
