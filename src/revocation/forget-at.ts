/** The token settings (`config.tokens`, ms) that bound how long a revocation can matter. */
export interface TokenLifetimes {
  accessTtl: number;
  clockTolerance: number;
}

/** What is being revoked, at `now` (epoch ms); a token's `exp` is a JWT NumericDate (seconds). */
export type ForgetAtSubject =
  { kind: 'session' | 'user'; now: number } | { kind: 'token'; now: number; exp: number };

/**
 * When a revocation can be forgotten (epoch ms): once every access token it could reject has
 * expired, even for a verifier whose clock lags by `clockTolerance`. A session's or user's tokens
 * were all issued by now, so live at most `accessTtl` more; a token lives until its `exp`, which
 * no token of this gateway sets later than now + accessTtl, so a later one is capped there (an
 * admin's typo must not pin an entry in every instance's memory).
 */
export function forgetAt(tokens: TokenLifetimes, subject: ForgetAtSubject): number {
  const lastExpiry = subject.now + tokens.accessTtl;
  const expiry =
    subject.kind === 'token' ? Math.min(Math.ceil(subject.exp * 1000), lastExpiry) : lastExpiry;
  return expiry + tokens.clockTolerance;
}
