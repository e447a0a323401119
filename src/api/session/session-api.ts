import type { BodyLimits } from '../../http/read-json-body.js';
import type { Context } from 'hono';
import { contextUnreadable, invalidToken, preconditionRequired } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import {
  createSessionAuthenticator,
  type SessionAuthenticatorServices,
  type SessionCaller,
} from '../../policy/authenticate-session.js';
import type { ContextCodec, OpenedContext } from '../../context/context-codec.js';
import { parseContextIfMatch, type ContextIfMatch } from '../../context/context-if-match.js';
import { contextToJson } from '../../context/context-json.js';
import { storeCall } from '../../store/store-call.js';
import type { StoredContext } from '../../store/session-record.js';
import { contextProblem } from './context-handlers.js';

/** A context write that reached a live session. */
export type ContextWrite =
  { kind: 'written'; version: number } | { kind: 'conflict'; version: number };

/** What the session API handlers share, built once per gateway. */
export interface SessionApi {
  /** The caller and their live session (and stored context); throws the 401/503 to answer. */
  caller(c: Context<GatewayEnv>, withContext: boolean): Promise<SessionCaller>;
  /** If-Match of a write; throws 428 when `sessions.requireIfMatch` and it is absent. */
  precondition(c: Context<GatewayEnv>): ContextIfMatch;
  /** Largest request body read for a context write, and how long it may take to arrive. */
  bodyLimit: BodyLimits;
  /** The stored JSON text of a value; throws 413 over `contextMaxBytes`, 400 when too deep. */
  serialize(value: unknown): string;
  /** Decodes a stored context and parses it; throws 500 when it cannot be read. */
  open(sid: string, stored: StoredContext): Promise<OpenedContext & { value: unknown }>;
  /** Re-reads the stored context; 401 once the session is gone, 503 when the store is down. */
  readStored(sid: string): Promise<StoredContext>;
  /** Seals `json` and writes it if the version is still `expected` (any when null). */
  write(sid: string, expected: number | null, json: string): Promise<ContextWrite>;
}

const sessionGone = () => invalidToken('session revoked or expired');

function parseStoredJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw contextUnreadable(new Error('stored context is not JSON'));
  }
}

/** The caller of a session API request, or the 401/503 to answer, logged once here. */
function callerOf(services: SessionAuthenticatorServices): SessionApi['caller'] {
  const authenticator = createSessionAuthenticator(services);
  return async (c, withContext) => {
    const request = {
      method: c.req.method,
      target: c.req.path,
      authorization: c.req.header('authorization'),
    };
    const outcome = await authenticator.authenticate(request, withContext);
    if (outcome.ok) return outcome.caller;
    c.get('log').debug({ reason: outcome.denial.reason }, 'session API request denied');
    throw outcome.denial.error;
  };
}

/** Builds the shared parts of the session API over the gateway's store, clock and codec. */
export function createSessionApi(
  services: SessionAuthenticatorServices & Pick<GatewayServices, 'contextCodec' | 'config'>,
): SessionApi {
  const { sessions, clock, config } = services;
  const codec: ContextCodec = services.contextCodec;
  const { contextMaxBytes, requireIfMatch } = config.sessions;
  return {
    caller: callerOf(services),
    precondition(c) {
      const ifMatch = parseContextIfMatch(c.req.header('if-match'));
      if (ifMatch.kind === 'absent' && requireIfMatch) throw preconditionRequired();
      return ifMatch;
    },
    bodyLimit: {
      bytes: Math.max(config.server.bodyLimit, contextMaxBytes),
      timeoutMs: config.server.timeouts.body,
    },
    serialize(value) {
      const result = contextToJson(value, contextMaxBytes);
      if (result.ok) return result.json;
      throw contextProblem(result.problem, contextMaxBytes);
    },
    async open(sid, stored) {
      const opened = await codec.open(sid, stored);
      return { ...opened, value: parseStoredJson(opened.json) };
    },
    async readStored(sid) {
      const found = await storeCall(() => sessions.getContext(sid, clock.now()));
      if (!found) throw sessionGone();
      return found.context;
    },
    async write(sid, expected, json) {
      const sealed = await codec.seal(sid, json);
      const outcome = await storeCall(() =>
        sessions.compareAndSetContext(sid, expected, sealed, clock.now()),
      );
      if (outcome.kind === 'no-session') throw sessionGone();
      return outcome;
    },
  };
}
