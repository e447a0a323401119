import type { Handler } from 'hono';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { contextResponse } from './context-response.js';
import type { SessionApi } from './session-api.js';

/** `GET <authPrefix>/session/context`: the context JSON (`{}` until first written) and its ETag. */
export function contextRead(api: SessionApi): Handler<GatewayEnv> {
  return async (c) => {
    const { session, storedContext } = await api.caller(c, true);
    // Parsed before it is served: a stored value that is not JSON is refused, not passed on.
    const { version, json } = await api.open(session.sid, storedContext!);
    return contextResponse(c, { version, json });
  };
}
