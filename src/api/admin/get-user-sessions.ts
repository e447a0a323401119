import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import { storeCall } from '../../sessions/store-call.js';
import type { AdminEnv } from './admin-env.js';
import { adminParam } from './admin-param.js';
import { sessionView } from './session-view.js';

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
