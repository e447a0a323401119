import type { Context } from 'hono';
import { z } from 'zod';
import { unsupportedMediaType } from '../../errors/errors.js';
import type { GatewayEnv } from '../../http/gateway-env.js';
import { readJsonBody } from '../../http/read-json-body.js';
import { contextShapeProblem } from '../../sessions/context-shape.js';
import { contextProblem } from './context-problem.js';

const anyJson = z.unknown();

/**
 * Reads a context write's body: 415 unless its media type is one of `mediaTypes`, 413 over
 * `limitBytes`, 400 for malformed JSON, a value that is not a JSON object, or one nested too deep.
 */
export async function readContextBody(
  c: Context<GatewayEnv>,
  mediaTypes: readonly string[],
  limitBytes: number,
): Promise<Record<string, unknown>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // Checked here because readJsonBody takes any +json type, and e.g. a JSON Patch (RFC 6902)
  // document must not be applied as a merge patch.
  if (!mediaTypes.includes(mediaType)) throw unsupportedMediaType(mediaTypes.join(' or '));
  const body = await readJsonBody(c, anyJson, limitBytes);
  const problem = contextShapeProblem(body);
  if (problem) throw contextProblem(problem, limitBytes);
  return body as Record<string, unknown>;
}
