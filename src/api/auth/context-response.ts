import type { Context } from 'hono';
import type { GatewayEnv } from '../../http/gateway-env.js';
import type { OpenedContext } from '../../sessions/context-codec.js';
import { contextEtag } from '../../sessions/context-etag.js';

/** 200 with the context's JSON and its ETag; never cached (it is per-session state). */
export function contextResponse(c: Context<GatewayEnv>, context: OpenedContext): Response {
  return c.body(context.json, 200, {
    'content-type': 'application/json',
    etag: contextEtag(context.version),
    'cache-control': 'no-store',
    // RFC 5789 §3.1: the patch formats PATCH accepts here.
    'accept-patch': 'application/merge-patch+json',
  });
}
