import type { SessionRecord } from '../../store/session-record.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import { notFound, badRequest, payloadTooLarge } from '../../errors/errors.js';
import { storeCall } from '../../store/store-call.js';
import type { AdminEnv } from './admin-env.js';
import { adminParam, adminIds } from './admin-params.js';
import {
  revokeSessionById,
  type RevokeSessionByIdDeps,
  revokeUserSessions,
  type RevokeUserDeps,
} from '../../revocation/revoke.js';
import { z } from 'zod';
import { bodyLimits, readJsonBody } from '../../http/read-json-body.js';
import { claimsSchema } from '../../identity/claims-schema.js';
import { scopeList } from '../../config/primitives.js';
import { contextToJson } from '../../context/context-json.js';
import { createSession, type CreateSessionDeps } from '../../sessions/create-session.js';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** A session as the admin API shows it: ids, scope and times (ISO 8601); never refresh state. */
export function sessionView(record: SessionRecord): Record<string, string> {
  return {
    sid: record.sid,
    sub: record.sub,
    scope: record.scope.join(' '),
    createdAt: iso(record.createdAt),
    lastSeenAt: iso(record.lastSeenAt),
    idleExpiresAt: iso(record.idleExpiresAt),
    absoluteExpiresAt: iso(record.absoluteExpiresAt),
  };
}

/** `GET /admin/sessions/{sid}`: one live session (no secrets); 404 when unknown, expired or revoked. */
export function getSession(
  services: Pick<GatewayServices, 'sessions' | 'clock'>,
): Handler<AdminEnv> {
  return async (c) => {
    const sid = adminParam(c, 'sid');
    const record = await storeCall(() => services.sessions.getSession(sid, services.clock.now()));
    if (!record) throw notFound('no live session with this id');
    return c.json(sessionView(record), 200);
  };
}

/**
 * `GET /admin/users/{sub}/sessions`: the user's live sessions, oldest first. Users live in the
 * identity sources, not here: a user without sessions gets an empty list, never a 404.
 */
export function getUserSessions(
  services: Pick<GatewayServices, 'sessions' | 'clock'>,
): Handler<AdminEnv> {
  return async (c) => {
    const sub = adminParam(c, 'sub');
    const sessions = await storeCall(() =>
      services.sessions.listUserSessions(sub, services.clock.now()),
    );
    c.set('audit', { details: { sessions: sessions.length } });
    return c.json({ sub, sessions: sessions.map(sessionView) }, 200);
  };
}

/**
 * `DELETE /admin/sessions/{sid}`: revokes the session. Idempotent like Keycloak's: 204 whether or
 * not a live session was found (a retried DELETE is not an error, and the revocation is published
 * either way); the audit event tells the two apart (`success` / `not-found`).
 */
export function deleteSession(services: RevokeSessionByIdDeps): Handler<AdminEnv> {
  return async (c) => {
    const sid = adminParam(c, 'sid');
    const record = await revokeSessionById(services, sid);
    c.set('audit', record ? { details: { sub: record.sub } } : { outcome: 'not-found' });
    return c.body(null, 204);
  };
}

/**
 * `DELETE /admin/users/{sub}/sessions`: revokes all the user's sessions and every access token
 * issued to them before now (a per-user not-before); 200 `{revoked: n}`, n = live sessions ended.
 */
export function deleteUserSessions(services: RevokeUserDeps): Handler<AdminEnv> {
  return async (c) => {
    const sub = adminParam(c, 'sub');
    const revoked = await revokeUserSessions(services, sub);
    c.set('audit', { details: { revoked } });
    return c.json({ revoked }, 200);
  };
}

// Extra claims ride in every access token of the session; past this they would outgrow the
// header limits of common proxies (8 kB); the admin is trusted, this catches mistakes.
const MAX_CLAIMS_JSON = 4096;

const mintBody = z.strictObject({
  sub: adminIds.sub,
  /** Space-separated or a list; empty means `identity.defaultScope`. */
  scope: scopeList,
  claims: claimsSchema
    .refine((claims) => JSON.stringify(claims).length <= MAX_CLAIMS_JSON, {
      message: `Must serialise to at most ${MAX_CLAIMS_JSON} characters of JSON`,
    })
    .optional(),
  /** The initial session context: a JSON object within `sessions.contextMaxBytes`. */
  context: z.unknown().optional(),
});

/** The context as createSession takes it; 400 (or 413 over `contextMaxBytes`) when refused. */
function checkedContext(value: unknown, maxBytes: number): unknown {
  if (value === undefined || value === null) return undefined;
  const encoded = contextToJson(value, maxBytes);
  if (encoded.ok) return value;
  if (encoded.problem === 'too-large') throw payloadTooLarge(maxBytes);
  const detail = encoded.problem === 'too-deep' ? 'nested too deeply' : 'must be a JSON object';
  throw badRequest('context', `context: ${detail}`);
}

/**
 * `POST /admin/sessions` `{sub, scope, claims?, context?}`: mints a session for a user, the way a
 * trusted backend issues tokens for its SPA after its own login (README "Admin API"). 201 with the
 * token pair and the sid; the refresh token is in the body (never a cookie: the caller is a
 * backend).
 */
export function postSession(
  services: CreateSessionDeps & Pick<GatewayServices, 'config' | 'signer'>,
): Handler<AdminEnv> {
  return async (c) => {
    const body = await readJsonBody(c, mintBody, bodyLimits(services.config.server));
    c.set('audit', { target: `user:${body.sub}` });
    const context = checkedContext(body.context, services.config.sessions.contextMaxBytes);
    const { record, refreshToken } = await createSession(services, {
      sub: body.sub,
      scope: body.scope,
      claims: body.claims ?? {},
      context,
    });
    const { sub, sid, scope, claims } = record;
    const access = await services.signer.sign({ sub, sid, scope, claims });
    c.set('audit', { target: `user:${sub}`, details: { sid } });
    return c.json(
      {
        access_token: access.token,
        token_type: 'Bearer',
        expires_in: access.expiresIn,
        scope: scope.join(' '),
        refresh_token: refreshToken,
        sid,
      },
      201,
      // RFC 6749 §5.1: token responses are never cached.
      { pragma: 'no-cache', location: `${c.req.path}/${sid}` },
    );
  };
}
