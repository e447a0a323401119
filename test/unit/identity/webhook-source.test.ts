import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createWebhookSource } from '../../../src/identity/webhook-source.js';

const SECRET = 'a-shared-secret-of-32-characters';
const options = { url: 'http://identity.internal/login', secret: SECRET, timeoutMs: 1000 };

/** A fetch that records its request and answers with `respond`. */
function fakeFetch(respond: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return respond(request);
  }) as typeof fetch;
  return { fetchFn, requests };
}

async function failureOf(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('createWebhookSource', () => {
  it('POSTs the credentials as JSON with the shared secret header, no redirects, a timeout', async () => {
    const { fetchFn, requests } = fakeFetch(() => Response.json({ sub: 'u1' }));
    await createWebhookSource(options, fetchFn).authenticate('alice', 'pw');
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(options.url);
    expect(request!.headers.get('x-gatehouse-secret')).toBe(SECRET);
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.redirect).toBe('error');
    expect(request!.signal).toBeInstanceOf(AbortSignal);
    expect(await request!.json()).toEqual({ username: 'alice', password: 'pw' });
  });

  it('maps a 200 answer to an identity: scope string or list, claims, context', async () => {
    const answer = {
      sub: 'u1',
      scope: 'a b a',
      claims: { tenant: 't' },
      context: { step: 1 },
      extra: 'ignored',
    };
    const source = createWebhookSource(options, fakeFetch(() => Response.json(answer)).fetchFn);
    expect(await source.authenticate('alice', 'pw')).toEqual({
      sub: 'u1',
      scope: ['a', 'b'],
      claims: { tenant: 't' },
      context: { step: 1 },
    });
  });

  it('leaves scope empty and claims empty when the answer names none', async () => {
    const source = createWebhookSource(
      options,
      fakeFetch(() => Response.json({ sub: 'u1' })).fetchFn,
    );
    expect(await source.authenticate('alice', 'pw')).toEqual({ sub: 'u1', scope: [], claims: {} });
  });

  it.each([401, 403])('rejects the credentials on %i', async (status) => {
    const source = createWebhookSource(
      options,
      fakeFetch(() => new Response('no', { status })).fetchFn,
    );
    expect(await source.authenticate('alice', 'pw')).toBeNull();
  });

  it.each([
    ['500', () => new Response('boom', { status: 500 })],
    ['204', () => new Response(null, { status: 204 })],
    ['302', () => new Response(null, { status: 302, headers: { location: '/x' } })],
    ['a body that is not JSON', () => new Response('<html>', { status: 200 })],
    ['a missing sub', () => Response.json({ scope: 'a' })],
    ['an empty sub', () => Response.json({ sub: '' })],
    ['a reserved claim', () => Response.json({ sub: 'u1', claims: { exp: 1 } })],
    ['claims that are not an object', () => Response.json({ sub: 'u1', claims: [1] })],
  ])('fails with 503 and Retry-After on %s', async (_name, respond) => {
    const source = createWebhookSource(options, fakeFetch(respond).fetchFn);
    const error = await failureOf(source.authenticate('alice', 'pw'));
    expect(error.status).toBe(503);
    expect(error.code).toBe('identity-source-unavailable');
    expect(error.headers?.['Retry-After']).toBe('1');
  });

  it('fails with 503 when the service cannot be reached, naming the cause for logs only', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    const source = createWebhookSource(options, (() => Promise.reject(refused)) as typeof fetch);
    const error = await failureOf(source.authenticate('alice', 'pw'));
    expect(error.status).toBe(503);
    expect((error.cause as Error).message).toBe('webhook: unreachable (ECONNREFUSED)');
  });

  it('never puts the password or the secret into the error or its cause', async () => {
    const echo = fakeFetch(async (request) =>
      Response.json({ sub: 5, echo: await request.text() }),
    ).fetchFn;
    const error = await failureOf(
      createWebhookSource(options, echo).authenticate('alice', 'pw-SENSITIVE'),
    );
    const text = JSON.stringify({
      message: error.message,
      detail: error.detail,
      cause: (error.cause as Error).message,
    });
    expect(text).not.toContain('pw-SENSITIVE');
    expect(text).not.toContain(SECRET);
    expect((error.cause as Error).message).toContain('sub invalid_type');
  });

  it('times out after timeoutMs with 503', async () => {
    const hang = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      })) as typeof fetch;
    const source = createWebhookSource({ ...options, timeoutMs: 50 }, hang);
    const error = await failureOf(source.authenticate('alice', 'pw'));
    expect(error.status).toBe(503);
    expect((error.cause as Error).message).toBe('webhook: no answer within 50 ms');
  });
});
