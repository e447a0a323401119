// A stand-in for the gateway's auth endpoints and one API route, as an injected fetch. Every
// client made with it shares its "cookie" (the session), like the tabs of one browser.

export const GATEWAY = 'http://gw.test';
export const API = `${GATEWAY}/api/hello`;

export interface RecordedCall {
  method: string;
  path: string;
  credentials: RequestCredentials | undefined;
  authorization: string | null;
  body: string;
}

export interface FakeGateway {
  fetch: typeof fetch;
  calls: RecordedCall[];
  /** Refreshes that rotated the refresh token (the store's view). */
  rotations: number;
  /** Lifetime of the tokens minted from now on, in seconds. */
  ttlSeconds: number;
  /** Simulated network time of each call (real timers), in ms. */
  delayMs: number;
  /** The status /auth/refresh answers with instead of rotating (e.g. 503), when set. */
  refreshStatus: number | undefined;
  /** The status /auth/logout answers with instead of 204, when set. */
  logoutStatus: number | undefined;
  /** The API answers 401 to every token. */
  apiAlways401: boolean;
  /** The session behind the cookie, or null when there is none (refresh then answers 401). */
  session: { sub: string; sid: string } | null;
  /** Starts a session as if a login had happened earlier (only the cookie is left). */
  startSession(): void;
  /** The API refuses every token issued so far (as once they expire or are revoked). */
  rejectIssued(): void;
  /** Holds back the answers of /auth/refresh (after rotating) until the returned function is called. */
  pauseRefresh(): () => void;
  refreshCalls(): number;
  apiCalls(): number;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a fake gateway; tokens are unsigned JWT-shaped strings (the client never verifies). */
export function fakeGateway(): FakeGateway {
  const valid = new Set<string>();
  let sessions = 0;
  let minted = 0;
  let paused: Promise<void> | undefined;

  const json = (status: number, body: unknown, type = 'application/json') =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
  const problem = (status: number, detail: string) =>
    json(
      status,
      { type: 'about:blank', title: 'refused', status, detail },
      'application/problem+json',
    );

  function grant(): Response {
    const iat = Math.floor(Date.now() / 1000);
    const { sub, sid } = gateway.session!;
    const claims = { sub, sid, scope: 'read:api profile', iat, exp: iat + gateway.ttlSeconds };
    const token = `${b64url({ alg: 'none' })}.${b64url({ ...claims, jti: `j${++minted}` })}.sig`;
    valid.add(token);
    return json(200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: gateway.ttlSeconds,
      scope: 'read:api profile',
    });
  }

  async function answer(request: Request, body: string): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === '/auth/login') {
      const { password } = JSON.parse(body) as { password: string };
      if (password !== 'right') return problem(401, 'invalid username or password');
      gateway.startSession();
      return grant();
    }
    if (path === '/auth/refresh') {
      if (gateway.refreshStatus) return problem(gateway.refreshStatus, 'store unavailable');
      if (!gateway.session) return problem(401, 'the refresh token is invalid, expired or revoked');
      gateway.rotations++;
      const response = grant();
      await paused; // rotated, but the answer is still on its way
      return response;
    }
    if (path === '/auth/logout') {
      if (gateway.logoutStatus) return problem(gateway.logoutStatus, 'store unavailable');
      gateway.session = null;
      return new Response(null, { status: 204 });
    }
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    if (gateway.apiAlways401 || !valid.has(token)) return problem(401, 'token expired');
    return json(200, { ok: true, body });
  }

  const gateway: FakeGateway = {
    calls: [],
    rotations: 0,
    ttlSeconds: 300,
    delayMs: 0,
    refreshStatus: undefined,
    logoutStatus: undefined,
    apiAlways401: false,
    session: null,
    startSession() {
      gateway.session = { sub: 'alice', sid: `s${++sessions}` };
    },
    rejectIssued: () => valid.clear(),
    pauseRefresh() {
      let release!: () => void;
      paused = new Promise((resolve) => (release = resolve));
      return () => {
        paused = undefined;
        release();
      };
    },
    refreshCalls: () => gateway.calls.filter((c) => c.path === '/auth/refresh').length,
    apiCalls: () => gateway.calls.filter((c) => c.path === '/api/hello').length,
    async fetch(input, init) {
      const request = new Request(input, init);
      const body = await request.text();
      gateway.calls.push({
        method: request.method,
        path: new URL(request.url).pathname,
        credentials: init?.credentials,
        authorization: request.headers.get('authorization'),
        body,
      });
      if (gateway.delayMs > 0) await new Promise((r) => setTimeout(r, gateway.delayMs));
      return answer(request, body);
    },
  };
  return gateway;
}
