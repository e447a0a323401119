import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSession } from '../session/session-fixtures.js';
import { identityOf, verifyGateway } from './verify-fixtures.js';

// No Traefik or Envoy here: these tests read config/examples/{traefik,envoy}.yaml and make the
// requests those proxies make from them (as their docs and sources describe), so the examples
// and /auth/verify cannot drift apart unnoticed. config/examples/nginx.conf runs for real in
// test/integration/forward-auth/nginx.test.ts.

const example = (name: string) =>
  parse(readFileSync(join(import.meta.dirname, '../../../../config/examples', name), 'utf8'));

describe('config/examples/traefik.yaml', () => {
  const forwardAuth = example('traefik.yaml').http.middlewares.gatehouse.forwardAuth;

  it('does not pass on X-Forwarded-Uri/-Method that came with the client’s request', () => {
    expect(forwardAuth.trustForwardHeader).toBe(false);
  });

  it('asks gatehouse as Traefik does: GET <address> with X-Forwarded-Method/-Uri', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { scope: ['read'] });
    const { pathname } = new URL(forwardAuth.address);
    const ask = (method: string, uri: string) =>
      gw.app.request(pathname, {
        headers: { 'x-forwarded-method': method, 'x-forwarded-uri': uri, ...s.auth },
      });
    expect((await ask('POST', '/rw/x?a=1')).status).toBe(403);
    const allowed = await ask('GET', '/ses/x?a=1');
    expect(allowed.status).toBe(200);
    // Every identity header gatehouse sends is copied (and so replaces the client's).
    const copied = (forwardAuth.authResponseHeaders as string[]).map((h) => h.toLowerCase());
    const sent = Object.keys(identityOf(allowed));
    expect(sent).toHaveLength(3);
    expect(copied).toEqual(expect.arrayContaining([...sent, 'x-auth-context']));
  });

  it('deletes every X-Auth-* spelling a client may send', () => {
    const regex = new RegExp(forwardAuth.authResponseHeadersRegex.replace('(?i)', ''), 'i');
    for (const name of ['X-Auth-Subject', 'X_auth_subject', 'X-Auth_scope', 'X_auth-context'])
      expect(regex.test(name), name).toBe(true);
    expect(regex.test('X-Envoy-Auth-Headers-To-Remove')).toBe(false);
  });
});

describe('config/examples/envoy.yaml', () => {
  const manager =
    example('envoy.yaml').static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  const extAuthz = manager.http_filters[0].typed_config;
  const service = extAuthz.http_service;
  const upstreamPatterns = service.authorization_response.allowed_upstream_headers.patterns;
  const passesUpstream = (name: string) =>
    upstreamPatterns.some((p: { prefix?: string; exact?: string }) =>
      p.prefix !== undefined ? name.startsWith(p.prefix) : name === p.exact,
    );

  it('normalises paths before ext_authz, so none climbs out of the verify path', () => {
    expect(manager.normalize_path).toBe(true);
    expect(manager.path_with_escaped_slashes_action).toBe('REJECT_REQUEST');
  });

  it('asks gatehouse as Envoy does: <path_prefix><original path> with the original method', async () => {
    const { gw } = await verifyGateway();
    const s = await startSession(gw, { scope: ['read'] });
    const ask = (method: string, path: string) =>
      gw.app.request(`${service.path_prefix}${path}`, { method, headers: s.auth });
    expect((await ask('POST', '/rw/x?a=1')).status).toBe(403);
    const allowed = await ask('PATCH', '/ses/x?a=1');
    expect(allowed.status).toBe(200);
    for (const name of Object.keys(identityOf(allowed)))
      expect(passesUpstream(name), name).toBe(true);
    expect(passesUpstream('x-envoy-auth-headers-to-remove')).toBe(false);
  });

  it('returns gatehouse’s challenge to the client and fails closed', () => {
    const client = service.authorization_response.allowed_client_headers.patterns.map(
      (p: { exact: string }) => p.exact,
    );
    expect(client).toContain('www-authenticate');
    expect(extAuthz.failure_mode_allow).toBe(false);
  });
});
