import type { Logger } from '../../../../src/observability/logger.js';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import { switchableStore } from '../session/session-fixtures.js';

/** Routes every verify test decides against; `/up/*` has an upstream nothing may call. */
export const ROUTES = `
routes:
  - { name: pub, match: { path: /public/* }, policy: public }
  - { name: tok, match: { path: /tok/* }, policy: token, scopes: [read] }
  - { name: ses, match: { path: /ses/* }, policy: session }
  - { name: ctx, match: { path: /ctx/* }, policy: context }
  - { name: writes, match: { path: /rw/*, methods: [POST] }, policy: session, scopes: [write] }
  - { name: reads, match: { path: /rw/* }, policy: public }
  - { name: proxied, match: { path: /up/* }, upstream: "http://up.test", policy: token }
`;

/** A gateway over a switchable memory store (its default upstream fails any test that uses it). */
export async function verifyGateway(
  options: { trustProxy?: boolean; mode?: string; logger?: Logger } = {},
): Promise<{ gw: TestGateway; control: { down: boolean } }> {
  const { store, control } = switchableStore(createMemoryStore());
  const yaml = `
server: { trustProxy: ${options.trustProxy ?? true} }
revocation: { mode: ${options.mode ?? 'mirror'} }
cors: { allowedOrigins: ["https://app.example"] }
${ROUTES}`;
  const logger = options.logger ? { logger: options.logger } : {};
  return { gw: await testGateway(yaml, { store, ...logger }), control };
}

/** Asks `/auth/verify` about `method target`, Traefik-style, with optional extra headers. */
export function verifyRequest(
  gw: TestGateway,
  method: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    gw.app.request('/auth/verify', {
      headers: { 'x-forwarded-method': method, 'x-forwarded-uri': target, ...headers },
    }),
  );
}

/** The X-Auth-* identity headers of a response (lower-case names). */
export function identityOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name.startsWith('x-auth-')) out[name] = value;
  });
  return out;
}
