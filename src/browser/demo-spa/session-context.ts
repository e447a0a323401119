import type { GatehouseClient } from '../client/index.js';
import { describeResponse } from './describe-response.js';

const URL_PATH = '/auth/session/context';

/** The session context as last read or written, with its ETag (the version a write replaces). */
export interface StoredContext {
  value: Record<string, unknown>;
  etag: string;
}

/** GET /auth/session/context: the object (`{}` until first written) and its ETag. */
export async function readContext(client: GatehouseClient): Promise<StoredContext> {
  const response = await client.fetch(URL_PATH, { headers: { accept: 'application/json' } });
  const etag = response.headers.get('etag');
  if (!response.ok || etag === null) throw new Error(await describeResponse(response));
  return { value: (await response.json()) as Record<string, unknown>, etag };
}

/**
 * PUT /auth/session/context with `If-Match`: the stored context, or null when another write
 * came first (412) and the caller must read again.
 */
export async function replaceContext(
  client: GatehouseClient,
  value: Record<string, unknown>,
  etag: string,
): Promise<StoredContext | null> {
  const response = await client.fetch(URL_PATH, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'if-match': etag },
    body: JSON.stringify(value),
  });
  if (response.status === 412) return null;
  const stored = response.headers.get('etag');
  if (!response.ok || stored === null) throw new Error(await describeResponse(response));
  return { value, etag: stored };
}
