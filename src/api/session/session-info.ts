import type { Handler } from 'hono';
import type { GatewayEnv } from '../../http/gateway-env.js';
import type { SessionApi } from './session-api.js';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/**
 * `GET <authPrefix>/session`: the caller's live session (README "Sessions and refresh tokens"),
 * times as ISO 8601. Never any refresh-token state.
 */
export function sessionInfo(api: SessionApi): Handler<GatewayEnv> {
  return async (c) => {
    const { session } = await api.caller(c, false);
    return c.json(
      {
        sid: session.sid,
        sub: session.sub,
        scope: session.scope.join(' '),
        createdAt: iso(session.createdAt),
        lastSeenAt: iso(session.lastSeenAt),
        idleExpiresAt: iso(session.idleExpiresAt),
        absoluteExpiresAt: iso(session.absoluteExpiresAt),
      },
      200,
      { 'cache-control': 'no-store' },
    );
  };
}
