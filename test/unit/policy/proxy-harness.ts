import { createFetchTransport } from '../../../src/proxy/fetch-transport.js';
import { createMemoryStore } from '../../../src/store/memory/memory-store.js';
import { testGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { capturingLogger, switchableStore } from '../api/session/session-fixtures.js';

/** What the fake upstream received. */
export interface SeenRequest {
  url: string;
  headers: Record<string, string>;
}

/** A gateway over a switchable memory store, a capturing logger and a recording fake upstream. */
export interface ProxyHarness {
  gw: TestGateway;
  seen: SeenRequest[];
  control: { down: boolean; calls: string[] };
  logger: ReturnType<typeof capturingLogger>;
}

/** Builds a ProxyHarness for the routes in `yaml`. */
export async function proxyHarness(yaml: string): Promise<ProxyHarness> {
  const seen: SeenRequest[] = [];
  const fakeFetch = (async (input: string, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({ url: request.url, headers: Object.fromEntries(request.headers) });
    return new Response('upstream ok');
  }) as typeof fetch;
  const { store, control } = switchableStore(createMemoryStore());
  const logger = capturingLogger();
  const gw = await testGateway(yaml, {
    upstream: createFetchTransport(fakeFetch),
    store,
    logger,
  });
  return { gw, seen, control, logger };
}

/** The X-Auth-* headers the upstream got, decoded X-Auth-Context included. */
export function authHeaders(request: SeenRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!/^x[-_]auth[-_]/i.test(name)) continue;
    out[name] =
      name === 'x-auth-context' ? JSON.parse(Buffer.from(value, 'base64url').toString()) : value;
  }
  return out;
}
