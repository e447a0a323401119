import { describe, expect, it } from 'vitest';
import {
  buildUpstreamHeaders,
  type UpstreamHeaderInput,
  type UpstreamHeaderPolicy,
} from '../../../src/proxy/build-upstream-headers.js';

const policy: UpstreamHeaderPolicy = {
  trustProxy: false,
  gatewayCookies: ['__Host-gatehouse-refresh', 'gatehouse-refresh'],
};

const input: UpstreamHeaderInput = {
  host: 'upstream.internal:8081',
  forwardToken: false,
  methodOverride: false,
  identity: { sub: 'alice', sid: 'sid-1', scope: ['read', 'write'] },
  contextHeader: null,
  assertion: null,
  requestId: 'req-1',
  peerAddress: '203.0.113.7',
  proto: 'http',
};

const build = (pairs: string[], overrides: Partial<UpstreamHeaderInput> = {}, p = policy) =>
  buildUpstreamHeaders(pairs, { ...input, ...overrides }, p);

describe('buildUpstreamHeaders', () => {
  it.each([
    'X-Auth-Subject',
    'x-auth-subject',
    'X-AUTH-SUBJECT',
    'X_Auth_Subject',
    'x_auth_subject',
    'X-Auth_Subject',
    'x_auth-subject',
    'X-Auth-Context',
    'X-Auth-Assertion',
    'X-Auth-Anything-Else',
  ])('removes the client-sent %s, even without an identity to replace it', (name) => {
    const headers = build([name, 'mallory', 'Accept', '*/*'], { identity: null });
    expect(Object.keys(headers).filter((k) => /^x[-_]auth/i.test(k))).toEqual([]);
    expect(headers.accept).toBe('*/*');
  });

  it('sets the identity headers over spoofed ones', () => {
    const headers = build([
      'X-Auth-Subject',
      'mallory',
      'x_auth_scope',
      'admin',
      'X-AUTH-SESSION',
      'stolen',
    ]);
    expect(headers['x-auth-subject']).toBe('alice');
    expect(headers['x-auth-session']).toBe('sid-1');
    expect(headers['x-auth-scope']).toBe('read write');
    expect(
      Object.keys(headers)
        .filter((k) => /^x[-_]auth/i.test(k))
        .sort(),
    ).toEqual(['x-auth-scope', 'x-auth-session', 'x-auth-subject']);
  });

  it('sets X-Auth-Context to the forwarded context, over a spoofed one', () => {
    const contextHeader = Buffer.from('{"cart":["é",1]}').toString('base64url');
    const headers = build(['X-Auth-Context', 'e30', 'x_auth_context', 'e30'], { contextHeader });
    expect(headers['x-auth-context']).toBe(contextHeader);
    expect(Object.keys(headers).filter((k) => /^x[-_]auth[-_]context$/i.test(k))).toEqual([
      'x-auth-context',
    ]);
  });

  it('replaces every client-sent X-Auth-Assertion spelling with the gateway-signed one', () => {
    // prettier-ignore
    const pairs = [
      'X-Auth-Assertion', 'forged', 'x_auth_assertion', 'forged', 'X-AUTH_ASSERTION', 'forged',
    ];
    expect(build(pairs, { assertion: 'signed.jwt.here' })).toMatchObject({
      'x-auth-assertion': 'signed.jwt.here',
    });
    const kept = Object.keys(build(pairs, { assertion: 'signed.jwt.here' }));
    expect(kept.filter((k) => /^x[-_]auth[-_]assertion$/i.test(k))).toEqual(['x-auth-assertion']);
    // Not an assertion route: the forged ones are dropped and nothing replaces them.
    expect(Object.keys(build(pairs)).filter((k) => /assertion/i.test(k))).toEqual([]);
  });

  it('sends no X-Auth-Context when there is no context (non-context routes)', () => {
    const headers = build(['X-Auth-Context', 'eyJhZG1pbiI6dHJ1ZX0']);
    expect(headers).not.toHaveProperty('x-auth-context');
  });

  it('removes hop-by-hop headers (RFC 9110 §7.6.1) and Proxy-Authorization', () => {
    // prettier-ignore
    const headers = build([
      'Connection', 'keep-alive',
      'Keep-Alive', 'timeout=5',
      'Proxy-Connection', 'keep-alive',
      'TE', 'trailers',
      'Trailer', 'X-Checksum',
      'Transfer-Encoding', 'chunked',
      'Upgrade', 'websocket',
      'Proxy-Authorization', 'Basic eDp5',
      'Content-Type', 'text/plain',
    ]);
    for (const name of [
      'connection',
      'keep-alive',
      'proxy-connection',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'proxy-authorization',
    ]) {
      expect(headers).not.toHaveProperty(name);
    }
    expect(headers['content-type']).toBe('text/plain');
  });

  it('removes the headers named in Connection', () => {
    const headers = build([
      'Connection',
      'X-Secret-Hop, close',
      'connection',
      'x-other',
      'X-Secret-Hop',
      '1',
      'X-Other',
      '2',
      'X-Kept',
      '3',
    ]);
    expect(headers).not.toHaveProperty('x-secret-hop');
    expect(headers).not.toHaveProperty('x-other');
    expect(headers['x-kept']).toBe('3');
  });

  it('forwards Authorization only when the route says so', () => {
    expect(build(['Authorization', 'Bearer abc'])).not.toHaveProperty('authorization');
    expect(build(['Authorization', 'Bearer abc'], { forwardToken: true }).authorization).toBe(
      'Bearer abc',
    );
  });

  it.each([
    ['__Host-gatehouse-refresh=r1; theme=dark; sid=2', 'theme=dark; sid=2'],
    ['theme=dark;gatehouse-refresh=r1', 'theme=dark'],
    ['gatehouse-refresh=r1; __Host-gatehouse-refresh=r2', undefined],
    ['gatehouse-refreshed=keep; theme=dark', 'gatehouse-refreshed=keep; theme=dark'],
  ])('removes the refresh cookie from %s', (cookie, expected) => {
    expect(build(['Cookie', cookie]).cookie).toBe(expected);
  });

  it('joins repeated Cookie lines with "; " (RFC 6265 §5.4) before scrubbing', () => {
    expect(build(['Cookie', 'a=1', 'Cookie', 'gatehouse-refresh=x', 'Cookie', 'b=2']).cookie).toBe(
      'a=1; b=2',
    );
  });

  it('sets Host to the upstream and X-Request-Id to the gateway’s id', () => {
    const headers = build(['Host', 'gateway.example', 'X-Request-Id', 'client-chosen']);
    expect(headers.host).toBe('upstream.internal:8081');
    expect(headers['x-request-id']).toBe('req-1');
  });

  it('without trustProxy replaces X-Forwarded-* and drops Forwarded and X-Real-IP', () => {
    // prettier-ignore
    const headers = build([
      'Host', 'gateway.example',
      'X-Forwarded-For', '10.0.0.1',
      'X-Forwarded-Proto', 'https',
      'X-Forwarded-Host', 'evil.example',
      'Forwarded', 'for=10.0.0.1',
      'X-Real-IP', '10.0.0.1',
    ]);
    expect(headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-host']).toBe('gateway.example');
    expect(headers).not.toHaveProperty('forwarded');
    expect(headers).not.toHaveProperty('x-real-ip');
  });

  it('with trustProxy appends the peer to the incoming chain and keeps proto and host', () => {
    // prettier-ignore
    const headers = build(
      [
        'Host', 'gateway.internal',
        'X-Forwarded-For', '198.51.100.1',
        'x-forwarded-for', '10.0.0.1',
        'X-Forwarded-Proto', 'https',
        'X-Forwarded-Host', 'app.example',
      ],
      {},
      { ...policy, trustProxy: true },
    );
    expect(headers['x-forwarded-for']).toBe('198.51.100.1, 10.0.0.1, 203.0.113.7');
    expect(headers['x-forwarded-proto']).toBe('https');
    expect(headers['x-forwarded-host']).toBe('app.example');
  });

  it('with trustProxy and no incoming values falls back to its own', () => {
    const headers = build(
      ['Host', 'gateway.internal'],
      { proto: 'https' },
      { ...policy, trustProxy: true },
    );
    expect(headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(headers['x-forwarded-proto']).toBe('https');
    expect(headers['x-forwarded-host']).toBe('gateway.internal');
  });

  it('drops Expect and HTTP/2 pseudo-headers, keeps Content-Length', () => {
    const headers = build([':authority', 'x', 'Expect', '100-continue', 'Content-Length', '5']);
    expect(Object.keys(headers)).not.toContain(':authority');
    expect(headers).not.toHaveProperty('expect');
    expect(headers['content-length']).toBe('5');
  });
});
