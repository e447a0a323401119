import type { Context, Handler } from 'hono';
import type { GatewayServices } from '../../gateway-services.js';
import { refreshCookie } from '../../http/cookies.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import type { PolicyContext } from '../../policy/steps/policy-step.js';
import { verifyToken } from '../../policy/steps/verify-token.js';
import {
  endSession,
  type EndSessionDeps,
  type SessionCredential,
} from '../../sessions/end-session.js';
import { refreshCredentialReader } from './refresh-credential-reader.js';

/**
 * `POST <authPrefix>/logout`: revokes the session named by the refresh token (body, or cookie
 * with an allowed Origin) or else by the bearer access token, clears the cookie and answers 204.
 * Idempotent: a session already gone still gets 204; no credentials at all get 401.
 */
export function logout(
  services: EndSessionDeps & Pick<GatewayServices, 'config' | 'verifier'>,
): Handler<GatewayEnv> {
  const cookie = refreshCookie(services.config.sessions.cookie);
  const readCredential = refreshCredentialReader(services, cookie);
  const verifyBearer = verifyToken(services.verifier);

  /** The refresh token if there is one, else the sid of a valid bearer token (401 otherwise). */
  async function credentialOf(c: Context<GatewayEnv>): Promise<SessionCredential> {
    const refreshToken = await readCredential(c);
    if (refreshToken) return { kind: 'refresh-token', token: refreshToken.token };
    const authorization = c.req.header('authorization');
    const context: PolicyContext = {
      input: { method: c.req.method, target: c.req.path, authorization },
      identity: null,
      session: null,
      storedContext: null,
      context: null,
    };
    const denial = await verifyBearer(context);
    if (denial) throw denial.error;
    return { kind: 'access-token', sid: context.identity!.sid };
  }

  return async (c) => {
    const revoked = await endSession(services, await credentialOf(c));
    const log = c.get('log');
    if (revoked) log.info({ sub: revoked.sub, sid: revoked.sid }, 'logout');
    else log.info({ outcome: 'no-session' }, 'logout');
    return c.body(null, 204, { 'set-cookie': cookie.clear(), 'cache-control': 'no-store' });
  };
}
