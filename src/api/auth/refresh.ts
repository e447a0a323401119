import type { Handler } from 'hono';
import { invalidRefreshToken, missingRefreshToken } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import { refreshCookie } from '../../http/cookies.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { refreshSession, type RefreshSessionDeps } from '../../sessions/refresh-session.js';
import { refreshCredentialReader } from './refresh-credential-reader.js';
import { tokenResponse } from './token-response.js';

/**
 * `POST <authPrefix>/refresh` (README "Sessions and refresh tokens", RFC 9700 §4.14.2): rotates the
 * refresh token from the cookie (Origin-checked) or the body and answers with a new access token
 * and refresh token. Any rejection is one 401 that also clears the cookie; a store failure is a 503
 * that keeps it.
 */
export function refresh(
  services: RefreshSessionDeps & Pick<GatewayServices, 'config'>,
): Handler<GatewayEnv> {
  const cookie = refreshCookie(services.config.sessions.cookie);
  const readCredential = refreshCredentialReader(services, cookie);
  return async (c) => {
    const log = c.get('log');
    const credential = await readCredential(c);
    if (!credential) throw missingRefreshToken();

    const outcome = await refreshSession(services, credential.token);
    if (outcome.kind === 'rejected') {
      if (outcome.reason === 'reuse-detected') {
        // RFC 9700 §4.14.2: a rotated-out token came back, so one of its holders is not the
        // client; the store has revoked the whole session.
        log.warn({ sid: outcome.sid, sub: outcome.sub }, 'refresh token reuse');
      } else {
        log.info({ outcome: outcome.reason }, 'refresh rejected');
      }
      throw invalidRefreshToken({ 'Set-Cookie': cookie.clear() });
    }

    const { pair, record, replayed } = outcome;
    log.info({ sub: record.sub, sid: record.sid, replayed }, 'refresh');
    return tokenResponse(c, cookie, {
      pair,
      now: services.clock.now(),
      absoluteExpiresAt: record.absoluteExpiresAt,
      refreshInBody: credential.from === 'body',
    });
  };
}
