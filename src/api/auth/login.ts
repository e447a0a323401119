import type { Handler } from 'hono';
import { z } from 'zod';
import type { GatewayDeps } from '../../deps.js';
import { invalidCredentials } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { readJsonBody } from '../../http/read-json-body.js';
import { authenticate } from '../../identity/authenticate.js';
import { createSession } from '../../sessions/create-session.js';

const loginBody = z.strictObject({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
  /** Ask for the refresh token in the body too (SPEC §5; honoured once refresh tokens exist). */
  refresh_token_in_body: z.boolean().optional(),
});

// RFC 6749 §5.1: responses carrying tokens must not be cached.
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/**
 * `POST <authPrefix>/login`: checks the credentials against the identity sources in order,
 * starts a session and answers with an access token (RFC 6749 §5.1 shape).
 */
export function login(deps: GatewayDeps, services: GatewayServices): Handler<GatewayEnv> {
  return async (c) => {
    const log = c.get('log');
    const { username, password } = await readJsonBody(c, loginBody, deps.config.server.bodyLimit);

    const identity = await authenticate(deps.identitySources, username, password);
    if (!identity) {
      // Nothing about the attempt: the username may be a mistyped password.
      log.info({ outcome: 'invalid-credentials' }, 'login failed');
      throw invalidCredentials();
    }

    const session = await createSession(deps, identity);
    const access = await services.signer.sign({
      sub: session.sub,
      sid: session.sid,
      scope: session.scope,
      claims: session.claims,
    });
    log.info({ sub: session.sub, sid: session.sid }, 'login');
    return c.json(
      {
        access_token: access.token,
        token_type: 'Bearer',
        expires_in: access.expiresIn,
        scope: session.scope.join(' '),
      },
      200,
      NO_STORE,
    );
  };
}
