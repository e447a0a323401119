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
