import type { Handler } from 'hono';
import { z } from 'zod';
import { badRequest, payloadTooLarge } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import { readJsonBody } from '../../http/read-json-body.js';
import { claimsSchema } from '../../identity/claims-schema.js';
import { contextToJson } from '../../sessions/context-to-json.js';
import { createSession, type CreateSessionDeps } from '../../sessions/create-session.js';
import type { AdminEnv } from './admin-env.js';
import { adminIds } from './admin-ids.js';

// RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
const scopeToken = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'Invalid scope token');
// Extra claims ride in every access token of the session; past this they would outgrow the
// header limits of common proxies (8 kB); the admin is trusted, this catches mistakes.
const MAX_CLAIMS_JSON = 4096;

const mintBody = z.strictObject({
  sub: adminIds.sub,
  /** Space-separated or a list; empty means `identity.defaultScope`. */
  scope: z.union([
    z
      .string()
      .transform((text) => text.split(' ').filter(Boolean))
      .pipe(z.array(scopeToken)),
    z.array(scopeToken),
  ]),
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
    const body = await readJsonBody(c, mintBody, services.config.server.bodyLimit);
    c.set('audit', { target: `user:${body.sub}` });
    const context = checkedContext(body.context, services.config.sessions.contextMaxBytes);
    const { record, refreshToken } = await createSession(services, {
      sub: body.sub,
      scope: [...new Set(body.scope)],
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
