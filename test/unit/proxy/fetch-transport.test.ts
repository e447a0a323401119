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
  origin: 'http://upstream.test',
  path: '/v1/x?y=1',
  method: 'GET',
  headers: { accept: 'text/plain' },
  responseHeaders: { 'x-request-id': 'gw-1' },
  timeoutMs: 1_000,
  bodyLimit: undefined,
};

function clientRequest(init: RequestInit = {}): RequestView {
  return webRequestView(
    new Request('http://gateway.test/x', { ...init, duplex: 'half' } as RequestInit),
  );
}

function streamOf(chunks: number[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const size of chunks) controller.enqueue(new Uint8Array(size));
      controller.close();
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GatewayError);
  return error as GatewayError;
}

describe('createFetchTransport', () => {
  it('sends method, URL and headers, without a body on GET', async () => {
    const { fn, calls } = fakeFetch(() => new Response('hi'));
    const result = await createFetchTransport(fn).forward(base, clientRequest());
    expect(calls[0]!.url).toBe('http://upstream.test/v1/x?y=1');
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.headers.get('accept')).toBe('text/plain');
    expect(calls[0]!.body).toBeNull();
    expect(calls[0]!.redirect).toBe('manual');
    expect(result.status).toBe(200);
    expect(await result.response.text()).toBe('hi');
  });

  it('streams the request body upstream', async () => {
    const { fn } = fakeFetch(
      async (request) => new Response(String((await request.arrayBuffer()).byteLength)),
    );
    const result = await createFetchTransport(fn).forward(
      { ...base, method: 'POST' },
      clientRequest({ method: 'POST', body: streamOf([10, 20, 30]) }),
    );
    expect(await result.response.text()).toBe('60');
  });

  it('filters response headers, keeps each Set-Cookie and adds its own', async () => {
    const headers = new Headers([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['connection', 'x-hop'],
      ['x-hop', 'secret'],
      ['keep-alive', 'timeout=5'],
      ['x-request-id', 'upstream'],
      ['etag', '"v1"'],
    ]);
    const { fn } = fakeFetch(() => new Response('x', { status: 201, headers }));
    const { response, status } = await createFetchTransport(fn).forward(base, clientRequest());
    expect(status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-hop')).toBeNull();
    expect(response.headers.get('keep-alive')).toBeNull();
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(response.headers.get('x-request-id')).toBe('gw-1');
  });

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

  it('maps a refused connection to 502', async () => {
    const { fn } = fakeFetch(() => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    });
    const error = await rejection(createFetchTransport(fn).forward(base, clientRequest()));
    expect(error.status).toBe(502);
    expect(error.detail).not.toContain('ECONNREFUSED');
  });

  it('maps no response headers within timeoutMs to 504', async () => {
    const { fn } = fakeFetch(
      (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    const error = await rejection(
      createFetchTransport(fn).forward({ ...base, timeoutMs: 20 }, clientRequest()),
    );
    expect(error.status).toBe(504);
  });

  it('does not time out a body that streams after the headers arrived', async () => {
    const { fn, calls } = fakeFetch(() => new Response('late body'));
    const { response } = await createFetchTransport(fn).forward(
      { ...base, timeoutMs: 20 },
      clientRequest(),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls[0]!.signal.aborted).toBe(false);
    expect(await response.text()).toBe('late body');
  });

  it('answers 413 up front when Content-Length is over the limit', async () => {
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

  it('answers 413 when a body without Content-Length passes the limit while streaming', async () => {
    const { fn } = fakeFetch(
      async (request) => new Response(String((await request.arrayBuffer()).byteLength)),
    );
    const client = createFetchTransport(fn);
    const upstream = { ...base, method: 'POST', bodyLimit: 50 };
    const error = await rejection(
      client.forward(upstream, clientRequest({ method: 'POST', body: streamOf([30, 30]) })),
    );
    expect(error.status).toBe(413);
    const ok = await client.forward(
      upstream,
      clientRequest({ method: 'POST', body: streamOf([25, 25]) }),
    );
    expect(await ok.response.text()).toBe('50');
  });
});
