import { describe, expect, it } from 'vitest';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import { oneUserSource, postLogin } from './login-fixtures.js';

const OK = { username: 'alice', password: 'pw-alice' };

async function gateway(yaml = ''): Promise<TestGateway & { calls: string[] }> {
  const { source, calls } = oneUserSource();
  return Object.assign(await testGateway(yaml, { identitySources: [source] }), { calls });
}

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as {
    status: number;
    field?: string;
    detail?: string;
    type: string;
  };
}

/** A body that arrives as a stream of `chunks`, with no Content-Length (chunked). */
function streamed(chunks: string[]): RequestInit {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return { body, duplex: 'half' } as RequestInit;
}

describe('POST /auth/login body', () => {
  it.each([
    ['a missing username', { password: 'pw' }, 'username', 'username: Required'],
    [
      'a password that is a number',
      { username: 'alice', password: 42 },
      'password',
      'password: Expected string',
    ],
    ['an unknown field', { ...OK, foo: 1 }, 'foo', 'unknown field: foo'],
    [
      'a non-boolean refresh_token_in_body',
      { ...OK, refresh_token_in_body: 'yes' },
      'refresh_token_in_body',
      'refresh_token_in_body: Expected boolean',
    ],
    ['an empty username', { username: '', password: 'pw' }, 'username', undefined],
    [
      'a 257-character username',
      { username: 'a'.repeat(257), password: 'pw' },
      'username',
      undefined,
    ],
    [
      'a 1025-character password',
      { username: 'alice', password: 'p'.repeat(1025) },
      'password',
      undefined,
    ],
    ['an array instead of an object', [OK], '(body)', '(body): Expected object'],
    ['null', null, '(body)', '(body): Expected object'],
  ])('answers 400 naming the field for %s', async (_name, body, field, detail) => {
    const gw = await gateway();
    const response = await postLogin(gw, body);
    expect(response.status).toBe(400);
    const p = await problem(response);
    expect(p).toMatchObject({ type: 'urn:gatehouse:problem:bad-request', field });
    if (detail) expect(p.detail).toBe(detail);
    else expect(p.detail).toMatch(new RegExp(`^${field}: `));
    expect(gw.calls).toEqual([]);
  });

  it('names every unknown field', async () => {
    const p = await problem(await postLogin(await gateway(), { ...OK, foo: 1, bar: 2 }));
    expect(p).toMatchObject({ field: 'foo', detail: 'unknown fields: foo, bar' });
  });

  it('never echoes the value that was sent', async () => {
    const response = await postLogin(await gateway(), {
      username: 'alice',
      password: ['SECRET-VALUE'],
    });
    expect(await response.text()).not.toContain('SECRET-VALUE');
  });

  it.each([
    ['truncated JSON', '{"username": "alice", '],
    ['an empty body', ''],
    ['trailing garbage', '{"username":"alice","password":"pw-alice"} x'],
  ])('answers 400 "malformed JSON" for %s', async (_name, text) => {
    const response = await postLogin(await gateway(), text);
    expect(response.status).toBe(400);
    expect(await problem(response)).toMatchObject({ field: '(body)', detail: 'malformed JSON' });
  });

  it('answers 400 for a body that is not UTF-8', async () => {
    const gw = await gateway();
    const bytes = Uint8Array.of(0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d);
    const response = await gw.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expect(response.status).toBe(400);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['json lookalike', 'application/jsonp'],
    ['json as a parameter', 'text/plain; x=application/json'],
  ])('answers 415 for a %s content type', async (_name, type) => {
    const gw = await gateway();
    const response = await postLogin(gw, OK, { headers: { 'content-type': type } });
    expect(response.status).toBe(415);
    expect(await problem(response)).toMatchObject({
      type: 'urn:gatehouse:problem:unsupported-media-type',
    });
    expect(gw.calls).toEqual([]);
  });

  it('answers 415 when there is no content type', async () => {
    const gw = await gateway();
    const response = await gw.app.request('/auth/login', {
      method: 'POST',
      body: new Blob([JSON.stringify(OK)]),
    });
    expect(response.status).toBe(415);
  });

  it.each([
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/vnd.gatehouse.login+json',
  ])('accepts the JSON media type %s', async (type) => {
    expect(
      (await postLogin(await gateway(), OK, { headers: { 'content-type': type } })).status,
    ).toBe(200);
  });

  it('answers 413 when Content-Length declares more than server.bodyLimit', async () => {
    const gw = await gateway('server: { bodyLimit: 1kb }');
    const response = await postLogin(gw, OK, {
      headers: { 'content-type': 'application/json', 'content-length': '5000' },
    });
    expect(response.status).toBe(413);
    expect(await problem(response)).toMatchObject({
      type: 'urn:gatehouse:problem:payload-too-large',
    });
  });

  it('answers 413 when a streamed body without Content-Length grows past the limit', async () => {
    const gw = await gateway('server: { bodyLimit: 1kb }');
    const chunks = ['{"username":"alice","password":"', 'p'.repeat(600), 'p'.repeat(600), '"}'];
    const response = await gw.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...streamed(chunks),
    });
    expect(response.status).toBe(413);
    expect(gw.calls).toEqual([]);
  });

  it('reads a streamed body that stays within the limit', async () => {
    const gw = await gateway('server: { bodyLimit: 1kb }');
    const response = await gw.app.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...streamed(['{"username":"al', 'ice","password":"pw-alice"}']),
    });
    expect(response.status).toBe(200);
  });
});
