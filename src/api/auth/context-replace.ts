import type { Handler } from 'hono';
import { preconditionFailed } from '../../errors/errors.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { contextEtag } from '../../sessions/context-etag.js';
import type { ContextIfMatch } from '../../sessions/context-if-match.js';
import { readContextBody } from './context-body.js';
import { contextResponse } from './context-response.js';
import type { SessionApi } from './session-api.js';

const MEDIA_TYPES = ['application/json'] as const;

/** The version a write may replace: null for any, else the one If-Match names (412 if none fits). */
async function expectedVersion(
  api: SessionApi,
  sid: string,
  ifMatch: ContextIfMatch,
): Promise<number | null> {
  if (ifMatch.kind !== 'versions') return null;
  if (ifMatch.versions.length === 1) return ifMatch.versions[0]!;
  // Several tags, or none usable: only the current version can be expected, if it is listed.
  const { version } = await api.readStored(sid);
  if (!ifMatch.versions.includes(version)) throw preconditionFailed(contextEtag(version));
  return version;
}

/**
 * `PUT <authPrefix>/session/context`: replaces the context with the body (a JSON object), as one
 * compare-and-set in the store. If-Match (RFC 9110 §13.1.1) makes it conditional: 412 with the
 * current ETag when another version is current.
 */
export function contextReplace(api: SessionApi): Handler<GatewayEnv> {
  return async (c) => {
    const { session } = await api.caller(c, false);
    const ifMatch = api.precondition(c);
    const json = api.serialize(await readContextBody(c, MEDIA_TYPES, api.bodyLimit));
    const expected = await expectedVersion(api, session.sid, ifMatch);
    const outcome = await api.write(session.sid, expected, json);
    if (outcome.kind === 'conflict') throw preconditionFailed(contextEtag(outcome.version));
    c.get('log').debug({ sid: session.sid, version: outcome.version }, 'session context replaced');
    return contextResponse(c, { version: outcome.version, json });
  };
}
