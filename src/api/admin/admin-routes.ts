import { Hono, type Context } from 'hono';
import { methodNotAllowed, notFound } from '../../errors/errors.js';
import type { GatewayServices } from '../../gateway-services.js';
import { adminAuth } from './admin-auth.js';
import type { AdminEnv } from './admin-env.js';
import { adminUiRoutes } from './admin-ui-routes.js';
import { audited } from './audited.js';
import {
  deleteSession,
  deleteUserSessions,
  getSession,
  getUserSessions,
  postSession,
} from './session-handlers.js';
import { getKeys, revokeKey, rotateKeys } from './key-handlers.js';
import { postRevocation } from './post-revocation.js';

// Audit targets from the raw params: a refused (400) request is audited with what it named.
const user = (c: Context<AdminEnv>) => `user:${c.req.param('sub') ?? ''}`;
const session = (c: Context<AdminEnv>) => `session:${c.req.param('sid') ?? ''}`;
const key = (c: Context<AdminEnv>) => `key:${c.req.param('kid') ?? ''}`;
const fixed = (target: string) => () => target;

/**
 * The admin API (README "Admin API"), mounted at /admin: every request but the console's files
 * (/admin/ui/) is authenticated first (so unknown paths answer 401 to strangers, 404 to admins),
 * every action is audited, nothing is cached.
 */
export function adminRoutes(services: GatewayServices): Hono<AdminEnv> {
  const { clock } = services;
  const app = new Hono<AdminEnv>();
  // The console's page, script and style only (exact paths, GET): ahead of the key, never audited.
  app.route('/', adminUiRoutes(services));
  app.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });
  app.use('*', adminAuth(services));

  const sessions = '/users/:sub/sessions';
  app.get(sessions, audited(clock, 'user.sessions.list', user), getUserSessions(services));
  app.delete(sessions, audited(clock, 'user.sessions.revoke', user), deleteUserSessions(services));
  app.get('/sessions/:sid', audited(clock, 'session.read', session), getSession(services));
  app.delete('/sessions/:sid', audited(clock, 'session.revoke', session), deleteSession(services));
  app.post('/sessions', audited(clock, 'session.mint', fixed('user:')), postSession(services));
  app.post(
    '/revocations',
    audited(clock, 'token.revoke', fixed('token:')),
    postRevocation(services),
  );
  app.get('/keys', audited(clock, 'keys.list', fixed('keys')), getKeys(services));
  app.post('/keys/rotate', audited(clock, 'keys.rotate', fixed('keys')), rotateKeys(services));
  app.delete('/keys/:kid', audited(clock, 'key.revoke', key), revokeKey(services));

  const allow: Array<[string, string[]]> = [
    [sessions, ['GET', 'DELETE']],
    ['/sessions/:sid', ['GET', 'DELETE']],
    ['/sessions', ['POST']],
    ['/revocations', ['POST']],
    ['/keys', ['GET']],
    ['/keys/rotate', ['POST']],
    ['/keys/:kid', ['DELETE']],
  ];
  for (const [path, methods] of allow) {
    app.all(path, () => {
      throw methodNotAllowed(methods);
    });
  }
  // /admin belongs to the gateway: an unknown admin path must not fall through to the proxy.
  app.all('*', () => {
    throw notFound('no admin endpoint at this path');
  });
  return app;
}
