/**
 * The margin on top of the token lifetime (README "Tokens and keys": `accessTtl + clockTolerance +
 * 60s`): instances still signing with a key they have not yet heard is retired, and 60 s
 * signed-identity assertions (route `assertion`, refused at start-up today), outlive it by at most
 * this.
 */
const MARGIN_MS = 60_000;

/**
 * How long a retired signing key must keep verifying: its last access token lives accessTtl (plus
 * the clock tolerance) after it stopped signing, and a margin covers the instances that learn of
 * the rotation late. Rotation prunes keys retired longer ago than this.
 */
export function retiredKeyKeepMs(tokens: { accessTtl: number; clockTolerance: number }): number {
  return tokens.accessTtl + tokens.clockTolerance + MARGIN_MS;
}
