import type { BrowserContext } from 'playwright-core';

const ISSUES_TOKENS = /\/auth\/(login|refresh)$/;

/** `exp` (seconds) of a JWT, read without verifying it: the test only needs its timing. */
function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  if (typeof payload?.exp !== 'number') throw new Error('an access token without exp');
  return payload.exp;
}

/**
 * Watches every login and refresh answer any tab of `context` receives; returns a function giving
 * the latest access-token expiry seen, in seconds since the epoch (0 before the first).
 */
export function watchTokenExpiry(context: BrowserContext): () => number {
  let latest = 0;
  context.on('response', (response) => {
    if (!ISSUES_TOKENS.test(new URL(response.url()).pathname) || response.status() !== 200) return;
    void response.json().then(
      (body: { access_token?: string }) => {
        if (body.access_token) latest = Math.max(latest, expiryOf(body.access_token));
      },
      () => undefined, // the tab navigated away first: that token was never used
    );
  });
  return () => latest;
}
