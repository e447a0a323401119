import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import table from '../../vectors/identity-header-values.json' with { type: 'json' };
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { signToken } from '../../helpers/test-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

// Issue #12 item 10: any identity value reaches upstreams and /auth/verify answers as one
// documented encoding (percent-encoded UTF-8), and never turns into a 5xx.
let upstream: UpstreamServer;
let served: ServedGateway;
let client: Client;

beforeAll(async () => {
  upstream = await startUpstreamServer();
  served = await serveGateway(`
routes:
  - { name: api, match: { path: /api/* }, upstream: "${upstream.origin}", policy: token }
`);
  client = new Client(served.url);
});

afterAll(async () => {
  await client?.close();
  await served?.close();
  await upstream?.close();
});

const bearer = async (sub: string, scope: string[] = ['read']) =>
  `Bearer ${await signToken(served.gateway, { sub, sid: 'sid-1', scope })}`;

/** The raw value of a header as the upstream's parser received it (latin1: byte for byte). */
function rawHeader(rawHeaders: string[], name: string): string | undefined {
  const at = rawHeaders.findIndex((n, i) => i % 2 === 0 && n.toLowerCase() === name);
  return at < 0 ? undefined : rawHeaders[at + 1];
}

// A lone surrogate cannot be written in JSON that every parser takes: given as UTF-16 code units.
const vectors = table.map(
  (v: { title: string; header: string; value?: string; codeUnits?: number[] }) => ({
    title: v.title,
    header: v.header,
    value: v.value ?? String.fromCharCode(...v.codeUnits!),
  }),
);

describe('identity values in X-Auth-* headers', () => {
  it.each(vectors)('proxy: $title', async ({ value, header }) => {
    const before = upstream.received.length;
    const response = await client.request({
      path: '/api/me',
      method: 'GET',
      headers: {
        authorization: await bearer(value, /\s/.test(value) ? ['read'] : ['read', value]),
      },
    });
    await response.body.text();
    expect(response.statusCode).toBe(200);
    const seen = upstream.received[before]!;
    expect(rawHeader(seen.rawHeaders, 'x-auth-subject')).toBe(header);
    // A scope is one space-free token (the token's `scope` claim is space-separated).
    if (!/\s/.test(value))
      expect(rawHeader(seen.rawHeaders, 'x-auth-scope')).toBe(`read ${header}`);
  });

  it.each(vectors)('/auth/verify: $title', async ({ value, header }) => {
    const response = await client.request({
      path: '/auth/verify',
      method: 'GET',
      headers: { authorization: await bearer(value, /\s/.test(value) ? [] : [value]) },
    });
    await response.body.text();
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-auth-subject']).toBe(header);
    if (!/\s/.test(value)) expect(response.headers['x-auth-scope']).toBe(header);
  });

  it('zoë-ユーザー and a Latin-1 subject arrive as UTF-8 bytes, percent-encoded', async () => {
    for (const [sub, sent] of [
      ['zoë-ユーザー', 'zo%C3%AB-%E3%83%A6%E3%83%BC%E3%82%B6%E3%83%BC'],
      ['zoë', 'zo%C3%AB'],
    ] as const) {
      const before = upstream.received.length;
      const response = await client.request({
        path: '/api/me',
        method: 'GET',
        headers: { authorization: await bearer(sub) },
      });
      await response.body.text();
      expect(response.statusCode).toBe(200);
      const raw = rawHeader(upstream.received[before]!.rawHeaders, 'x-auth-subject')!;
      expect(raw).toBe(sent);
      expect(Buffer.from(raw, 'latin1').includes(0xeb)).toBe(false);
      expect(decodeURIComponent(raw)).toBe(sub);
    }
  });
});
