import type { Context } from 'hono';
import type { z } from 'zod';
import { formatPath } from '../config/format-issues.js';
import {
  badRequest,
  payloadTooLarge,
  requestTimeout,
  unsupportedMediaType,
} from '../errors/errors.js';
import type { GatewayError } from '../errors/gateway-error.js';

// application/json or any structured-syntax +json type (RFC 6839 §3.1).
const JSON_MEDIA_TYPE = /^application\/(?:json|[a-z0-9!#$&^_.-]+\+json)$/;

/** How much of a body the gateway reads itself, and for how long (README "Deadlines"). */
export interface BodyLimits {
  bytes: number;
  /** Total time the whole body may take to arrive: 408 and the connection closed after it. */
  timeoutMs: number;
}

/** The limits `server.bodyLimit` and `server.timeouts.body` set. */
export function bodyLimits(server: { bodyLimit: number; timeouts: { body: number } }): BodyLimits {
  return { bytes: server.bodyLimit, timeoutMs: server.timeouts.body };
}

async function readLimited(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const limitBytes = limits.bytes;
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limitBytes) throw payloadTooLarge(limitBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // One deadline for the whole body, not per chunk: a byte every few seconds must not hold the
  // connection (slowloris, issue #12 item 3).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(requestTimeout(limits.timeoutMs)), limits.timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      total += value.byteLength;
      // Content-Length may be absent (chunked) or wrong: count what actually arrives.
      if (total > limitBytes) {
        await reader.cancel();
        throw payloadTooLarge(limitBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw badRequest('(body)', 'malformed JSON');
  }
}

/** The first zod issue as a 400 naming the field; wording fixed here, never the value sent. */
function toBadRequest(issue: z.core.$ZodIssue): GatewayError {
  if (issue.code === 'unrecognized_keys') {
    const fields = issue.keys.map((key) => formatPath([...issue.path, key]));
    return badRequest(
      fields[0]!,
      `unknown field${fields.length > 1 ? 's' : ''}: ${fields.join(', ')}`,
    );
  }
  const field = issue.path.length > 0 ? formatPath(issue.path) : '(body)';
  if (issue.code === 'invalid_type') {
    const missing = issue.input === undefined && issue.path.length > 0;
    return badRequest(field, `${field}: ${missing ? 'Required' : `Expected ${issue.expected}`}`);
  }
  return badRequest(field, `${field}: ${issue.message}`);
}

/**
 * Reads a JSON request body within `limits` and validates it: 415 for a non-JSON media type,
 * 413 over the size limit, 408 past the deadline, 400 for malformed JSON or the first field the schema rejects.
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  limits: BodyLimits,
): Promise<z.output<S>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw unsupportedMediaType('application/json');
  const body = parseJson(await readLimited(c.req.raw, limits));
  // reportInput tells a missing field from a mistyped one; the input itself is never rendered.
  const result = await schema.safeParseAsync(body, { reportInput: true });
  if (!result.success) throw toBadRequest(result.error.issues[0]!);
  return result.data;
}
