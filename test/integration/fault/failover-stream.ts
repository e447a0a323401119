/** Access tokens written (and replicated) before the stream starts, which it keeps probing. */
export interface StreamSeeds {
  /** A live session's, whose context is at version 2. */
  live: string;
  /** One of a session an admin ended. */
  revokedSession: string;
  /** One revoked by its `jti`; its session is live. */
  revokedToken: string;
}

export interface StreamTarget {
  url: string;
  adminAuthorization: string;
  /** The user the stream logs in as. */
  username: string;
  password: string;
  seeds: StreamSeeds;
}

/** One answer the stream got. */
export interface StreamAnswer {
  worker: number;
  iteration: number;
  step: string;
  /** The HTTP status, or what went wrong instead (`timeout`, `etag "1"`). */
  status: number | string;
  /** When the write of the stream's own that this step relies on was acknowledged. */
  reliesOnWriteAt?: number;
  /** When the answer (or the failure) came back. */
  at: number;
}

/** A steady stream of logins, refreshes, context and session-route calls and admin revocations. */
export interface RequestStream {
  readonly answers: readonly StreamAnswer[];
  /** Resolves once every worker has completed `count` clean iterations in a row from now. */
  untilClean(count: number, timeoutMs: number): Promise<void>;
  /**
   * The answers a working failover does not explain. A 503 is allowed once the failover has
   * begun (before it the store works: a 503 there is a gateway fault). A write the old
   * primary acknowledged once the failover had begun may be lost (it may never reach the
   * replica), so a step relying on one may also find it missing: 401 for the session, 200 for a
   * revocation.
   */
  unexpected(failoverAt: number): StreamAnswer[];
  stop(): Promise<void>;
}

/** What each step answers while the store works. */
const SUCCESS: Record<string, number> = {
  'seed-live': 200,
  'seed-context': 200,
  'seed-revoked-session': 401,
  'seed-revoked-token': 401,
  login: 200,
  'context-put': 200,
  'context-route': 200,
  refresh: 200,
  'revoke-token': 204,
  'revoked-token-refused': 401,
  'revoke-session': 204,
  'revoked-session-refused': 401,
};

/** What a step relying on a lost write answers instead. */
const IF_LOST: Record<string, number> = {
  'context-put': 401,
  'context-route': 401,
  refresh: 401,
  'revoked-token-refused': 200,
  'revoked-session-refused': 200,
};

const REQUEST_TIMEOUT_MS = 10_000;
/** How long a revocation may take to reach the mirror of the instance that published it. */
const MIRROR_BOUND_MS = 2000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** What the stream keeps of a response (its body read, so the connection is free again). */
interface Answer {
  status: number;
  etag: string | null;
  text: string;
}

/** The response, or what went wrong instead of one. */
async function request(url: string, init: RequestInit = {}): Promise<Answer | string> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return {
      status: response.status,
      etag: response.headers.get('etag'),
      text: await response.text(),
    };
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? 'timeout' : `fetch failed: ${error}`;
  }
}

const statusOf = (answer: Answer | string) => (typeof answer === 'string' ? answer : answer.status);

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const postJson = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function claimsOf(token: string): { jti: string; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** One pass of the journey; true when every step answered as it does while the store works. */
async function journey(
  target: StreamTarget,
  record: (answer: Omit<StreamAnswer, 'worker' | 'iteration' | 'at'>) => void,
  label: { worker: number; iteration: number },
): Promise<boolean> {
  let clean = true;
  const call = async (
    step: string,
    path: string,
    init?: RequestInit,
    reliesOnWriteAt?: number,
    retryForMs = 0,
  ) => {
    const until = Date.now() + retryForMs;
    let answer = await request(`${target.url}${path}`, init);
    while (statusOf(answer) !== SUCCESS[step] && Date.now() < until) {
      await sleep(20);
      answer = await request(`${target.url}${path}`, init);
    }
    let status = statusOf(answer);
    if (step === 'seed-context' && status === 200 && (answer as Answer).etag !== '"2"') {
      status = `etag ${(answer as Answer).etag}`;
    }
    record({ step, status, reliesOnWriteAt });
    if (status !== SUCCESS[step]) clean = false;
    return status === SUCCESS[step] ? (answer as Answer) : undefined;
  };
  const { seeds } = target;
  await call('seed-live', '/ses/probe', bearer(seeds.live));
  await call('seed-context', '/auth/session/context', bearer(seeds.live));
  await call('seed-revoked-session', '/ses/probe', bearer(seeds.revokedSession));
  await call('seed-revoked-token', '/ses/probe', bearer(seeds.revokedToken));

  const credentials = { username: target.username, password: target.password };
  const login = await call(
    'login',
    '/auth/login',
    postJson({ ...credentials, refresh_token_in_body: true }),
  );
  if (!login) return false;
  const loggedInAt = Date.now();
  const tokens = JSON.parse(login.text) as { access_token: string; refresh_token: string };
  const token = tokens.access_token;
  const put = { ...postJson(label, bearer(token).headers), method: 'PUT' };
  await call('context-put', '/auth/session/context', put, loggedInAt);
  await call('context-route', '/ctx/probe', bearer(token), loggedInAt);
  await call(
    'refresh',
    '/auth/refresh',
    postJson({ refresh_token: tokens.refresh_token }),
    loggedInAt,
  );

  const admin = { authorization: target.adminAuthorization };
  const { jti, exp } = claimsOf(token);
  if (await call('revoke-token', '/admin/revocations', postJson({ jti, exp }, admin))) {
    // In mirror mode even the revoking instance learns of it from the pub/sub channel.
    await call('revoked-token-refused', '/ses/probe', bearer(token), Date.now(), MIRROR_BOUND_MS);
  }
  const sid = /^v1\.([^.]+)\./.exec(tokens.refresh_token)![1]!;
  if (
    await call('revoke-session', `/admin/sessions/${sid}`, { method: 'DELETE', headers: admin })
  ) {
    await call('revoked-session-refused', '/ses/probe', bearer(token), Date.now());
  }
  return clean;
}

/** Runs `workers` loops of the journey against the gateway until stopped. */
export function startRequestStream(target: StreamTarget, workers: number): RequestStream {
  const answers: StreamAnswer[] = [];
  const cleanRuns = new Array<number>(workers).fill(0);
  let stopped = false;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let iteration = 0; !stopped; iteration++) {
      const record = (answer: Omit<StreamAnswer, 'worker' | 'iteration' | 'at'>) =>
        answers.push({ worker, iteration, ...answer, at: Date.now() });
      const clean = await journey(target, record, { worker, iteration });
      cleanRuns[worker] = clean ? cleanRuns[worker]! + 1 : 0;
    }
  });
  return {
    answers,
    untilClean: async (count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      cleanRuns.fill(0);
      while (cleanRuns.some((runs) => runs < count)) {
        if (Date.now() > deadline) {
          throw new Error(`no ${count} clean iterations on every worker within ${timeoutMs} ms`);
        }
        await sleep(100);
      }
    },
    unexpected: (failoverAt) =>
      answers.filter(({ step, status, reliesOnWriteAt, at }) => {
        if (status === SUCCESS[step] || (status === 503 && at >= failoverAt)) return false;
        const mayBeLost = reliesOnWriteAt !== undefined && reliesOnWriteAt >= failoverAt;
        return !(mayBeLost && status === IF_LOST[step]);
      }),
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
