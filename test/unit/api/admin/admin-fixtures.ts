import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createFetchTransport } from '../../../../src/proxy/fetch-transport.js';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import type { Store } from '../../../../src/store/store.js';
import { retiredKeyKeepMs } from '../../../../src/keys/key-set.js';
import { startSigningKeys } from '../../../../src/keys/signing-keys.js';
import { storeKeySetStorage } from '../../../../src/keys/key-set-storage.js';
import { fakeClock, type FakeClock } from '../../../helpers/fake-clock.js';
import { testConfig, testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import { capturingLogger, oneUserSource } from '../auth/login-fixtures.js';

/** A well-formed admin API key: `gha_` + 32 random bytes, base64url. */
export function newAdminKey(): { key: string; sha256: string } {
  const key = `gha_${randomBytes(32).toString('base64url')}`;
  return { key, sha256: createHash('sha256').update(key).digest('hex') };
}

/** The key tests use (named `ops`, configured second of three). */
export const OPS_KEY = newAdminKey();
/** Every configured key, by name, in config order. */
export const ADMIN_KEYS = { ci: newAdminKey(), ops: OPS_KEY, spare: newAdminKey() };

/** The admin test config; `admin` adds lines to the admin section (e.g. `scope: x`). */
export const adminConfig = (admin = '') => `
admin:
  ${admin}
  keys:
    - { name: ci, sha256: ${ADMIN_KEYS.ci.sha256} }
    - { name: ops, sha256: ${ADMIN_KEYS.ops.sha256} }
    - { name: spare, sha256: ${ADMIN_KEYS.spare.sha256} }
cors: { allowedOrigins: ['https://app.example.com'] }
sessions: { allowRefreshTokenInBody: true }
routes:
  - { name: api, match: { path: /api/* }, upstream: 'http://api.internal', policy: token }
  - { name: account, match: { path: /account/* }, upstream: 'http://api.internal', policy: session }
`;

/** An admin test gateway, with what tests look into. */
export interface AdminGateway {
  gw: TestGateway;
  store: Store;
  clock: FakeClock;
  logger: ReturnType<typeof capturingLogger>;
  /** Paths the fake upstream was asked for. */
  upstreamPaths: string[];
}

/**
 * A gateway with three admin keys (OPS_KEY among them), user alice (`alice` / `pw-alice`, sub
 * `user-alice`), a `token` route /api/* and a `session` route /account/* (mirror mode), rotatable signing keys kept in the memory store, a fake
 * clock and a capturing logger. `yaml` is appended to adminConfig(); `store` lets two share one.
 */
export async function adminGateway(
  yaml = '',
  options: { store?: Store; clock?: FakeClock; admin?: string } = {},
): Promise<AdminGateway> {
  const text = `${adminConfig(options.admin)}\n${yaml}`;
  const config = testConfig(text);
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? fakeClock(Date.UTC(2026, 0, 1));
  const logger = capturingLogger();
  const signingKeys = await startSigningKeys({
    storage: storeKeySetStorage(store.keySets),
    algorithm: config.tokens.algorithm,
    clock,
    keepMs: retiredKeyKeepMs(config.tokens),
  });
  const upstreamPaths: string[] = [];
  const fakeFetch = (async (input: string) => {
    upstreamPaths.push(new URL(input).pathname);
    return new Response('upstream ok');
  }) as typeof fetch;
  const gw = await testGateway(text, {
    store,
    clock,
    logger,
    keyring: signingKeys.keyring,
    signingKeys,
    identitySources: [oneUserSource().source],
    upstream: createFetchTransport(fakeFetch),
  });
  return { gw, store, clock, logger, upstreamPaths };
}

/** Calls the admin API with `credential` as the bearer value (none when undefined). */
export function adminCall(
  gw: TestGateway,
  method: string,
  path: string,
  options: { credential?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.credential !== undefined) headers.authorization = `Bearer ${options.credential}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  return Promise.resolve(gw.app.request(`/admin${path}`, { method, headers, body }));
}

/** Calls the admin API with OPS_KEY. */
export function asAdmin(
  gw: TestGateway,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return adminCall(gw, method, path, { credential: OPS_KEY.key, body });
}

/** Logs alice in; her access token and refresh token (from the body). */
export async function loginAlice(
  gw: TestGateway,
): Promise<{ access: string; refresh: string; sid: string }> {
  const response = await gw.app.request('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'pw-alice', refresh_token_in_body: true }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { access_token: string; refresh_token: string };
  return {
    access: body.access_token,
    refresh: body.refresh_token,
    sid: body.refresh_token.split('.')[1]!,
  };
}

/** Mints a session through the admin API (201 expected) and returns the response body. */
export async function mint(
  gw: TestGateway,
  body: Record<string, unknown> = { sub: 'user-bob', scope: 'read:api' },
) {
  const response = await asAdmin(gw, 'POST', '/sessions', body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as {
    access_token: string;
    token_type: string;
    expires_in: number;
    scope: string;
    refresh_token: string;
    sid: string;
  };
}

/** Refreshes with a refresh token in the body. */
export function refreshWithBody(gw: TestGateway, refreshToken: string): Promise<Response> {
  return Promise.resolve(
    gw.app.request('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    }),
  );
}

/** The audit events logged so far (fields only). */
export function auditEvents(logger: AdminGateway['logger']): Array<Record<string, unknown>> {
  return logger.lines
    .map((line) => line.fields as Record<string, unknown>)
    .filter((fields) => fields.audit === true);
}

/** The `kid` in a compact JWS header. */
export function kidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string })
    .kid;
}
