import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { type RequestView, webRequestView } from '../../../src/proxy/request-view.js';
import type { UpstreamRequest } from '../../../src/proxy/upstream-transport.js';

type Handler = (request: Request) => Response | Promise<Response>;

/** A Web fetch that hands each request to `handler` and records it. */
function fakeFetch(handler: Handler) {
  const calls: Request[] = [];
  const fn = (async (input: string, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push(request);
    return handler(request);
  }) as typeof fetch;
  return { fn, calls };
}

const base: UpstreamRequest = {
  route: 'r',
  origin: 'http://upstream.test',
  path: '/v1/x?y=1',
  method: 'GET',
  headers: { accept: 'text/plain' },
  responseHeaders: { 'x-request-id': 'gw-1' },
  timeoutMs: 1_000,
  bodyLimit: undefined,
  bodyIdleMs: 60_000,
};

function clientRequest(init: RequestInit = {}): RequestView {
  return webRequestView(
    new Request('http://gateway.test/x', { ...init, duplex: 'half' } as RequestInit),
  );
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

// Status, headers, bodies, 502/504/413 and client aborts are the transport contract's
// (test/contract/transport), run against a real upstream; here only what is the Web transport's own.
describe('createFetchTransport', () => {
  it('drops Content-Encoding and Content-Length, which fetch has already undone', async () => {
    const headers = {
      'content-encoding': 'gzip',
      'content-length': '99',
      'content-type': 'text/plain',
    };
    const { fn } = fakeFetch(() => new Response('decoded', { headers }));
    const { response } = await createFetchTransport(fn).forward(base, clientRequest());
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('content-length')).toBeNull();
    expect(await response.text()).toBe('decoded');
  });

  it('asks fetch not to follow redirects and sends no body or Content-Length on GET', async () => {
    const { fn, calls } = fakeFetch(() => new Response(null, { status: 302 }));
    const result = await createFetchTransport(fn).forward(
      { ...base, headers: { 'content-length': '3' } },
      clientRequest(),
    );
    expect(result.status).toBe(302);
    expect(calls[0]!.redirect).toBe('manual');
    expect(calls[0]!.body).toBeNull();
    expect(calls[0]!.headers.get('content-length')).toBeNull();
  });

  it('answers 499 (nobody to answer) when the client leaves before the upstream does', async () => {
    const { fn } = fakeFetch(
      (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    const client = new AbortController();
    const pending = createFetchTransport(fn).forward(
      base,
      clientRequest({ signal: client.signal }),
    );
    client.abort();
    expect((await pending).status).toBe(499);
  });

  it('answers 413 up front without calling fetch when Content-Length is over the limit', async () => {
    const { fn, calls } = fakeFetch(() => new Response('no'));
    const error = await rejection(
      createFetchTransport(fn).forward(
        { ...base, method: 'POST', bodyLimit: 10, headers: { 'content-length': '11' } },
        clientRequest({ method: 'POST', body: 'x'.repeat(11) }),
      ),
    );
    expect(error.status).toBe(413);
    expect(calls).toEqual([]);
  });
});
