import { wrapStore } from '../../../helpers/wrap-store.js';
import type { Logger } from '../../../../src/observability/logger.js';
import { encodeContextForStore } from '../../../../src/context/encode-context.js';
import { sha256Hex } from '../../../../src/lib/crypto.js';
import {
  SESSION_RECORD_VERSION,
  type SessionRecord,
} from '../../../../src/store/session-record.js';
import type { Store } from '../../../../src/store/store.js';
import { signToken, type TestGateway } from '../../../helpers/test-gateway.js';

/** A session written straight into the gateway's store, and an access token for it. */
export interface StartedSession {
  sid: string;
  token: string;
  record: SessionRecord;
  /** `{ authorization: 'Bearer <token>' }`. */
  auth: { authorization: string };
}

let counter = 0;

/**
 * Stores a live session (idle expiry in 30 min, absolute in 7 d, by the gateway's clock) with an
 * optional initial context (encoded as login would), and signs a token for it. `tokenSub` signs the
 * token for another subject than the session's.
 */
export async function startSession(
  gw: TestGateway,
  options: { sub?: string; scope?: string[]; context?: unknown; tokenSub?: string } = {},
): Promise<StartedSession> {
  const now = gw.clock.now();
  const sid = `sid-${process.pid}-${Date.now().toString(36)}-${(counter += 1)}`;
  const record: SessionRecord = {
    v: SESSION_RECORD_VERSION,
    sid,
    sub: options.sub ?? 'alice',
    scope: options.scope ?? ['read'],
    claims: {},
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + 30 * 60_000,
    absoluteExpiresAt: now + 7 * 86_400_000,
    refresh: { hash: await sha256Hex(sid), previous: [], rotatedAt: 0, successor: null },
  };
  const context =
    options.context === undefined
      ? undefined
      : { version: 1, ...(await encodeContextForStore(gw.deps, sid, options.context)) };
  await gw.deps.store.sessions.createSession(record, context);
  const token = await signToken(gw, {
    sub: options.tokenSub ?? record.sub,
    sid,
    scope: record.scope,
  });
  return { sid, token, record, auth: { authorization: `Bearer ${token}` } };
}

/** Signs an access token with the gateway's keyring and clock (the shared test helper). */
export { signToken };

/** A store whose every call can be made to reject, as an unreachable Redis does; counts calls. */
export function switchableStore(base: Store): {
  store: Store;
  control: { down: boolean; calls: string[] };
} {
  const control = { down: false, calls: [] as string[] };
  const wrapped = wrapStore(base, (name, call) => async (...args) => {
    control.calls.push(name);
    if (control.down)
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return call(...args);
  });
  return { store: wrapped, control };
}

/** A logger that keeps every line, for tests that look at what was logged. */
export function capturingLogger(): Logger & {
  lines: Array<{ level: string; fields: object; message?: string }>;
} {
  const lines: Array<{ level: string; fields: object; message?: string }> = [];
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields, message });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** The body of a problem+json response. */
export async function problemOf(response: Response) {
  if (response.headers.get('content-type') !== 'application/problem+json') {
    throw new Error(`expected problem+json, got ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as {
    status: number;
    type: string;
    detail?: string;
    field?: string;
  };
}
