import {
  badRequest,
  payloadTooLarge,
  unsupportedMediaType,
  preconditionFailed,
  contextConflict,
} from '../../errors/errors.js';
import type { GatewayError } from '../../errors/gateway-error.js';
import {
  CONTEXT_MAX_DEPTH,
  type ContextShapeProblem,
  contextShapeProblem,
} from '../../context/context-json.js';
import type { Context } from 'hono';
import { z } from 'zod';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { readJsonBody, type BodyLimits } from '../../http/read-json-body.js';
import type { OpenedContext } from '../../context/context-codec.js';
import { contextEtag, type ContextIfMatch } from '../../context/context-if-match.js';
import type { Handler } from 'hono';
import type { SessionApi } from './session-api.js';
import { contextMergePatch } from '../../context/context-merge-patch.js';

/** The error for a context value the API refuses: 413 over `maxBytes`, else 400 on `(body)`. */
export function contextProblem(
  problem: ContextShapeProblem | 'too-large',
  maxBytes: number,
): GatewayError {
  switch (problem) {
    case 'too-large':
      return payloadTooLarge(maxBytes);
    case 'too-deep':
      return badRequest(
        '(body)',
        `the session context must not nest deeper than ${CONTEXT_MAX_DEPTH} levels`,
      );
    default:
      return badRequest('(body)', 'the session context must be a JSON object');
  }
}

const anyJson = z.unknown();

/**
 * Reads a context write's body: 415 unless its media type is one of `mediaTypes`, 413 over
 * `limits.bytes` (408 past `limits.timeoutMs`), 400 for malformed JSON, a value that is not a JSON object, or one nested too deep.
 */
export async function readContextBody(
  c: Context<GatewayEnv>,
  mediaTypes: readonly string[],
  limits: BodyLimits,
): Promise<Record<string, unknown>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // Checked here because readJsonBody takes any +json type, and e.g. a JSON Patch (RFC 6902)
  // document must not be applied as a merge patch.
  if (!mediaTypes.includes(mediaType)) throw unsupportedMediaType(mediaTypes.join(' or '));
  const body = await readJsonBody(c, anyJson, limits);
  const problem = contextShapeProblem(body);
  if (problem) throw contextProblem(problem, limits.bytes);
  return body as Record<string, unknown>;
}

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

/** `GET <authPrefix>/session/context`: the context JSON (`{}` until first written) and its ETag. */
export function contextRead(api: SessionApi): Handler<GatewayEnv> {
  return async (c) => {
    const { session, storedContext } = await api.caller(c, true);
    // Parsed before it is served: a stored value that is not JSON is refused, not passed on.
    const { version, json } = await api.open(session.sid, storedContext!);
    return contextResponse(c, { version, json });
  };
}

const REPLACE_MEDIA_TYPES = ['application/json'] as const;

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
    const json = api.serialize(await readContextBody(c, REPLACE_MEDIA_TYPES, api.bodyLimit));
    const expected = await expectedVersion(api, session.sid, ifMatch);
    const outcome = await api.write(session.sid, expected, json);
    if (outcome.kind === 'conflict') throw preconditionFailed(contextEtag(outcome.version));
    c.get('log').debug({ sid: session.sid, version: outcome.version }, 'session context replaced');
    return contextResponse(c, { version: outcome.version, json });
  };
}

// RFC 7396 §4 registers application/merge-patch+json; plain JSON is taken as the same document.
const PATCH_MEDIA_TYPES = ['application/merge-patch+json', 'application/json'] as const;

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
    const patch = await readContextBody(c, PATCH_MEDIA_TYPES, api.bodyLimit);
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
