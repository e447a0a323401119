/** What a call presents: the session, user and access token it speaks for. */
export interface Credential {
  sid: string;
  sub: string;
  /** The current access token's jti. */
  jti: string;
  /** When the session's login was sent and answered (performance.now()). */
  loginStartedAt: number;
  loginEndedAt: number;
}

/** Which checks a call's credential goes through: an access token's, or a refresh token's. */
export type CredentialUse = 'access' | 'refresh';

type Kind = 'admin-session' | 'admin-token' | 'admin-user' | 'logout';

interface Revocation {
  kind: Kind;
  startedAt: number;
  /** When the answer (or the failure) came; undefined while in flight. */
  settledAt?: number;
  /** Acknowledged (2xx); false while in flight and when the outcome is unknown (503, no answer). */
  acked: boolean;
}

const LABEL: Record<Kind, string> = {
  'admin-session': 'session revoked by the admin loop',
  'admin-token': 'access token revoked by the admin loop',
  'admin-user': 'user revoked by the admin loop',
  logout: 'session logged out by its user',
};

/**
 * Every revocation and logout the test started, so the ledger can tell a 401 the test caused
 * (expected) from one it did not (a lost session), and a revocation that never took effect.
 * Attempts are recorded before they are sent: in flight or unanswered, they may have happened.
 */
export class RevocationRegistry {
  private readonly sessions = new Map<string, Revocation[]>();
  private readonly tokens = new Map<string, Revocation[]>();
  private readonly users = new Map<string, Revocation[]>();

  /** Records an attempt on `id` (a sid, jti or sub) now; call the result with whether it was acked. */
  begin(kind: Kind, id: string): (acked: boolean) => void {
    const map =
      kind === 'admin-token' ? this.tokens : kind === 'admin-user' ? this.users : this.sessions;
    const entry: Revocation = { kind, startedAt: performance.now(), acked: false };
    map.set(id, [...(map.get(id) ?? []), entry]);
    return (acked) => {
      entry.settledAt = performance.now();
      entry.acked = acked;
    };
  }

  /** Why a 401 for `credential` is expected now, or undefined when nothing the test did explains one. */
  refusal(credential: Credential, use: CredentialUse): string | undefined {
    const hit = this.covering(credential, use, () => true)[0];
    return hit && LABEL[hit.kind];
  }

  /**
   * Since when `credential` is certainly refused: the earliest acknowledged revocation that
   * covers it for sure. A user revocation covers sessions that existed before it started.
   */
  refusedSince(credential: Credential, use: CredentialUse): number | undefined {
    const sure = this.covering(credential, use, (r) => r.acked).filter(
      (r) => r.kind !== 'admin-user' || credential.loginEndedAt < r.startedAt,
    );
    return sure.length === 0 ? undefined : Math.min(...sure.map((r) => r.settledAt!));
  }

  /** Whether anything the test did ended (or may have ended) the session of `credential`. */
  ended(credential: Credential): boolean {
    return this.covering(credential, 'refresh', () => true).length > 0;
  }

  /** Sessions whose revocation by the admin loop was acknowledged before `time`. */
  revokedBefore(time: number): string[] {
    return [...this.sessions]
      .filter(([, list]) =>
        list.some((r) => r.kind === 'admin-session' && r.acked && r.settledAt! < time),
      )
      .map(([sid]) => sid);
  }

  /** Revocations that may cover `credential`, filtered by `keep`. */
  private covering(
    credential: Credential,
    use: CredentialUse,
    keep: (r: Revocation) => boolean,
  ): Revocation[] {
    const bySession = this.sessions.get(credential.sid) ?? [];
    const byToken = use === 'access' ? (this.tokens.get(credential.jti) ?? []) : [];
    // A user revocation ends the sessions listed when it runs: any whose login began before it ended.
    const byUser = (this.users.get(credential.sub) ?? []).filter(
      (r) => credential.loginStartedAt < (r.settledAt ?? Infinity),
    );
    return [...bySession, ...byToken, ...byUser].filter(keep);
  }
}
