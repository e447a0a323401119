import { z } from 'zod';
import { scopeInput } from '../config/primitives.js';
import { identitySourceUnavailable } from '../errors/errors.js';
import { claimsSchema } from './claims-schema.js';
import type { AuthenticatedIdentity, IdentitySource } from './identity-source.js';

const answerSchema = z.object({
  sub: z.string().min(1),
  // Only the shape here: authenticate() refuses an unacceptable sub or scope with a 502 that
  // names the field, where a protocol mismatch is a 503.
  scope: scopeInput.optional(),
  claims: claimsSchema.optional(),
  context: z.unknown().optional(),
});

/** Where the webhook lives and how long it may take. */
export interface WebhookSourceOptions {
  url: string;
  /** Shared secret sent as `X-Gatehouse-Secret`. */
  secret: string;
  timeoutMs: number;
}

// Causes are for logs: fixed wording, never the credentials, the secret or the service's body.
const failure = (reason: string) => identitySourceUnavailable(new Error(`webhook: ${reason}`));

function transportFailure(error: unknown, timeoutMs: number) {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return failure(`no answer within ${timeoutMs} ms`);
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return failure(typeof code === 'string' ? `unreachable (${code})` : 'unreachable');
}

async function readIdentity(response: Response, timeoutMs: number): Promise<AuthenticatedIdentity> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportFailure(error, timeoutMs);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw failure('answer is not JSON');
  }
  const result = answerSchema.safeParse(body);
  if (!result.success) {
    const where = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'} ${issue.code}`,
    );
    throw failure(`answer does not match the protocol (${where.join(', ')})`);
  }
  const { sub, scope, claims, context } = result.data;
  return {
    sub,
    scope: [...new Set(scope ?? [])],
    claims: claims ?? {},
    ...(context === undefined ? {} : { context }),
  };
}

/**
 * Login against an internal HTTP service: POST `{username, password}` with `X-Gatehouse-Secret`.
 * 200 `{sub, scope?, claims?, context?}` accepts; 401 (bad credentials) and 403 (refused, e.g. a
 * wrong shared secret) reject alike, so clients never learn which; anything else fails with 503.
 */
export function createWebhookSource(
  options: WebhookSourceOptions,
  fetchFn: typeof fetch,
): IdentitySource {
  return {
    async authenticate(username, password) {
      let response: Response;
      try {
        response = await fetchFn(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-gatehouse-secret': options.secret,
          },
          body: JSON.stringify({ username, password }),
          // Credentials must never follow a redirect to another host.
          redirect: 'error',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw transportFailure(error, options.timeoutMs);
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        return null;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        throw failure(`answered ${response.status}`);
      }
      return readIdentity(response, options.timeoutMs);
    },
  };
}
