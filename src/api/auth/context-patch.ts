import type { Handler } from 'hono';
import { contextConflict, preconditionFailed } from '../../errors/errors.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { contextEtag } from '../../sessions/context-etag.js';
import { contextMergePatch } from '../../sessions/context-merge-patch.js';
import { readContextBody } from './context-body.js';
import { contextResponse } from './context-response.js';
import type { SessionApi } from './session-api.js';

// RFC 7396 §4 registers application/merge-patch+json; plain JSON is taken as the same document.
const MEDIA_TYPES = ['application/merge-patch+json', 'application/json'] as const;

/** Read-patch-write rounds an unconditional PATCH gets against concurrent writers (then 409). */
const MAX_ATTEMPTS = 8;

/**
 * `PATCH <authPrefix>/session/context`: applies a JSON Merge Patch (RFC 7396) and writes the
 * result by compare-and-set on the version it was computed from. With If-Match a lost race is
 * 412 (RFC 9110 §13.1.1); without it the patch is re-applied to the newer version, up to
 * MAX_ATTEMPTS times, then 409.
 */
export function contextPatch(api: SessionApi): Handler<GatewayEnv> {
  return async (c) => {
    const { session, storedContext } = await api.caller(c, true);
    const ifMatch = api.precondition(c);
    const patch = await readContextBody(c, MEDIA_TYPES, api.bodyLimit);
    const listed = ifMatch.kind === 'versions' ? ifMatch.versions : null;
    let stored = storedContext!;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (listed && !listed.includes(stored.version)) {
        throw preconditionFailed(contextEtag(stored.version));
      }
      const current = await api.open(session.sid, stored);
      const json = api.serialize(contextMergePatch(current.value, patch));
      const outcome = await api.write(session.sid, stored.version, json);
      if (outcome.kind === 'written') {
        c.get('log').debug(
          { sid: session.sid, version: outcome.version },
          'session context patched',
        );
        return contextResponse(c, { version: outcome.version, json });
      }
      if (listed) throw preconditionFailed(contextEtag(outcome.version));
      stored = await api.readStored(session.sid);
    }
    throw contextConflict();
  };
}
