import { z } from 'zod';
import { scopeToken, subject } from '../config/primitives.js';
import { GatewayError } from '../errors/gateway-error.js';
import { identitySourceUnavailable, identityUnacceptable } from '../errors/errors.js';

/** An identity source that cannot be built (bad users file, unreadable file); `problems` carry paths. */
export class IdentityConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'IdentityConfigError';
    this.problems = problems;
  }
}

/** Password hashing with PHC strings (`$scrypt$...`, `$argon2id$...`); a Node adapter implements it. */
export interface PasswordHasher {
  /** Makes a PHC string for a new password (scrypt by default). */
  hash(password: string): Promise<string>;
  /**
   * Makes a PHC string with the algorithm and cost parameters of `template` (fresh salt, same
   * salt and hash lengths), so checking against it costs what checking against `template` does.
   */
  hashLike(template: string, password: string): Promise<string>;
  /** Checks a password against a PHC string; false on mismatch or an unsupported/garbled hash. */
  verify(phc: string, password: string): Promise<boolean>;
}

/** Who a login source says the user is. */
export interface AuthenticatedIdentity {
  sub: string;
  scope: string[];
  /** Extra claims for the access token. */
  claims: Record<string, unknown>;
  /** Initial session context (webhook sources may supply one). */
  context?: unknown;
}

/** A login source (users-file, webhook, ...). */
export interface IdentitySource {
  /** The identity, or null for bad credentials. Throws only when the source itself fails. */
  authenticate(username: string, password: string): Promise<AuthenticatedIdentity | null>;
}

// What every source's identity must be, whatever the source checked itself (README "Security at
// the edge"): a subject without control characters, each scope one scope-token.
const acceptableIdentity = z.object({ sub: subject, scope: z.array(scopeToken) });

/**
 * The identity, or a 502 whose cause names the source and the fields at fault (never their
 * values: a subject may be personal data, a bad scope may be an injection attempt).
 */
function checkedIdentity(identity: AuthenticatedIdentity, index: number): AuthenticatedIdentity {
  const result = acceptableIdentity.safeParse(identity);
  if (result.success) return identity;
  const fields = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw identityUnacceptable(new Error(`identity.sources[${index}]: ${fields.join('; ')}`));
}

/**
 * Asks each source in order; the first identity wins, null when every source rejects. A failing
 * source ends the attempt with 503 instead of falling through, so a user never lands on a later
 * source's account because an earlier one is down. An identity the gateway cannot accept is a 502.
 */
export async function authenticate(
  sources: readonly IdentitySource[],
  username: string,
  password: string,
): Promise<AuthenticatedIdentity | null> {
  for (const [index, source] of sources.entries()) {
    let identity: AuthenticatedIdentity | null;
    try {
      identity = await source.authenticate(username, password);
    } catch (error) {
      throw error instanceof GatewayError ? error : identitySourceUnavailable(error);
    }
    if (identity) return checkedIdentity(identity, index);
  }
  return null;
}
