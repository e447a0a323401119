import type { Context, Handler } from 'hono';
import { z } from 'zod';
import { badRequest, invalidCredentials } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import { refreshCookie } from '../../http/cookies.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { requestViewOf } from '../../http/request-view.js';
import { bodyLimits, readJsonBody } from '../../http/read-json-body.js';
import { authenticate } from '../../identity/identity-source.js';
import {
  checkLoginRateLimit,
  recordLoginFailure,
  type LoginRateLimitDeps,
} from '../../rate-limit/login-rate-limit.js';
import { createSession, type CreateSessionDeps } from '../../sessions/create-session.js';
import { tokenResponse } from './token-response.js';

const loginBody = z.strictObject({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
  /**
   * Ask for the refresh token in the body too (README "Sessions and refresh tokens"), if
   * `allowRefreshTokenInBody`.
   */
  refresh_token_in_body: z.boolean().optional(),
});

/**
 * The client address the login rate limit counts: the peer, or behind a trusted proxy the
 * address that proxy appended last to X-Forwarded-For (earlier entries are client-supplied).
 */
function clientAddress(
  c: Context<GatewayEnv>,
  services: Pick<GatewayServices, 'config' | 'requestView'>,
): string | undefined {
  const forwarded = services.config.server.trustProxy ? c.req.header('x-forwarded-for') : undefined;
  const last = forwarded?.split(',').at(-1)?.trim();
  return last || requestViewOf(c, services.requestView).peerAddress;
}

/**
 * `POST <authPrefix>/login`: rate-limits the attempt, checks the credentials against the identity
 * sources in order, starts a session and answers with an access token (RFC 6749 §5.1 shape) and
 * the session's first refresh token in the cookie (and the body when asked and allowed).
 */
export function login(
  services: CreateSessionDeps &
    LoginRateLimitDeps &
    Pick<GatewayServices, 'config' | 'identitySources' | 'signer' | 'requestView' | 'clock'>,
): Handler<GatewayEnv> {
  const cookie = refreshCookie(services.config.sessions.cookie);
  return async (c) => {
    const log = c.get('log');
    const body = await readJsonBody(c, loginBody, bodyLimits(services.config.server));
    const refreshInBody = body.refresh_token_in_body === true;
    if (refreshInBody && !services.config.sessions.allowRefreshTokenInBody) {
      throw badRequest(
        'refresh_token_in_body',
        'refresh_token_in_body: not allowed by this gateway',
      );
    }
    const attempt = { ip: clientAddress(c, services), username: body.username };
    await checkLoginRateLimit(services, attempt);

    const identity = await authenticate(services.identitySources, body.username, body.password);
    if (!identity) {
      // Nothing about the attempt: the username may be a mistyped password.
      log.info({ outcome: 'invalid-credentials' }, 'login failed');
      // Only failures count against the username: its owner's logins never lock it.
      await recordLoginFailure(services, attempt);
      throw invalidCredentials();
    }

    const { record, refreshToken } = await createSession(services, identity);
    const { sub, sid, scope, claims } = record;
    const access = await services.signer.sign({ sub, sid, scope, claims });
    log.info({ sub, sid }, 'login');
    return tokenResponse(c, cookie, {
      pair: {
        access_token: access.token,
        expires_at: access.exp,
        refresh_token: refreshToken,
        scope: scope.join(' '),
      },
      now: services.clock.now(),
      absoluteExpiresAt: record.absoluteExpiresAt,
      refreshInBody,
    });
  };
}
