import type { Locator } from 'playwright-core';

// A shared 2-core machine, several test runs at once: generous, and polled, never slept.
export const UI_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

/**
 * Resolves with the element's text (white space collapsed) once it matches `pattern`; otherwise fails after `timeoutMs`
 * saying what the text was.
 */
export async function untilText(
  locator: Locator,
  pattern: RegExp,
  timeoutMs = UI_TIMEOUT_MS,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text: string | null = null;
  for (;;) {
    const raw = await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) });
    text = (raw ?? '').replace(/\s+/g, ' ').trim();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) {
      throw new Error(
        `${String(locator)} never matched ${pattern}; its text: ${JSON.stringify(text)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
