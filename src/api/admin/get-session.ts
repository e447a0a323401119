import type { GatewayServices } from '../../gateway-services.js';
import type { Handler } from 'hono';
import { notFound } from '../../errors/errors.js';
import { storeCall } from '../../sessions/store-call.js';
import type { AdminEnv } from './admin-env.js';
import { adminParam } from './admin-param.js';
import { sessionView } from './session-view.js';

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
