import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../src/store/memory/memory-store.js';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import {
  problemOf,
  startSession,
  switchableStore,
  type StartedSession,
} from './session-fixtures.js';

const PATH = '/auth/session/context';
const MERGE = 'application/merge-patch+json';

let gw: TestGateway;
let s: StartedSession;
let control: { down: boolean; calls: string[] };

async function setUp(yaml = '') {
  const switchable = switchableStore(createMemoryStore());
  control = switchable.control;
  gw = await testGateway(yaml, { store: switchable.store });
  s = await startSession(gw);
}

function call(method: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...s.auth, ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??=
      method === 'PATCH' ? MERGE : 'application/json';
  }
  return gw.app.request(PATH, init);
}

async function expectContext(response: Response, version: number, value: unknown) {
  expect(response.status).toBe(200);
  expect(response.headers.get('etag')).toBe(`"${version}"`);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(await response.json()).toEqual(value);
}

describe('the session context API', () => {
  beforeEach(() => setUp());

  it('GET answers {} with ETag "0" before the first write', async () => {
    await expectContext(await call('GET'), 0, {});
  });

  it('PUT replaces it, bumping the ETag; GET then reads it back', async () => {
    await expectContext(await call('PUT', { step: 1, items: ['a'] }), 1, { step: 1, items: ['a'] });
    await expectContext(await call('PUT', { step: 2 }), 2, { step: 2 });
    await expectContext(await call('GET'), 2, { step: 2 });
  });

  it('PATCH applies a JSON Merge Patch (application/merge-patch+json or application/json)', async () => {
    await call('PUT', { a: 1, b: { c: 2, d: 3 } });
    await expectContext(await call('PATCH', { b: { c: null, e: 4 }, f: 5 }), 2, {
      a: 1,
      b: { d: 3, e: 4 },
      f: 5,
    });
    const plain = await call('PATCH', { a: null }, { 'content-type': 'application/json' });
    await expectContext(plain, 3, { b: { d: 3, e: 4 }, f: 5 });
  });

  const vectors = (
    JSON.parse(
      readFileSync(new URL('../../../vectors/merge-patch.json', import.meta.url), 'utf8'),
    ) as Array<{
      title: string;
      original: unknown;
      patch: unknown;
      result: unknown;
    }>
  ).filter((v) =>
    [v.original, v.patch].every((x) => typeof x === 'object' && x && !Array.isArray(x)),
  );

  it.each(vectors.map((v) => [v.title, v] as const))('PATCH over HTTP: %s', async (_t, v) => {
    await call('PUT', v.original);
    const response = await call('PATCH', JSON.stringify(v.patch));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(JSON.stringify(v.result));
  });

  it('honours a matching If-Match, and "*"', async () => {
    await expectContext(await call('PUT', { a: 1 }, { 'if-match': '"0"' }), 1, { a: 1 });
    await expectContext(await call('PATCH', { b: 2 }, { 'if-match': '"1"' }), 2, { a: 1, b: 2 });
    await expectContext(await call('PUT', { c: 3 }, { 'if-match': '*' }), 3, { c: 3 });
    await expectContext(await call('PUT', { d: 4 }, { 'if-match': '"9", "3"' }), 4, { d: 4 });
  });

  it.each([
    ['PUT', '"0"'],
    ['PATCH', '"0"'],
    ['PUT', 'W/"1"'],
    ['PATCH', '"2", "5"'],
    ['PUT', '"5", "6"'],
  ])('%s with a stale If-Match %s answers 412 with the current ETag', async (method, ifMatch) => {
    await call('PUT', { a: 1 });
    const response = await call(method, { a: 2 }, { 'if-match': ifMatch });
    expect(response.status).toBe(412);
    expect(response.headers.get('etag')).toBe('"1"');
    expect((await problemOf(response)).type).toBe('urn:gatehouse:problem:precondition-failed');
    await expectContext(await call('GET'), 1, { a: 1 });
  });

  it('answers 413 when the stored JSON text would exceed contextMaxBytes', async () => {
    await setUp('sessions: { contextMaxBytes: 32b }');
    // {"s":"…"} is 8 bytes of framing: 24 characters fit exactly, 25 do not.
    await expectContext(await call('PUT', { s: 'x'.repeat(24) }), 1, { s: 'x'.repeat(24) });
    const tooBig = await call('PUT', { s: 'x'.repeat(25) });
    expect(tooBig.status).toBe(413);
    const grown = await call('PATCH', { t: 'y' });
    expect(grown.status).toBe(413);
    // Whitespace in the body does not count: only the stored text does.
    const spaced = await call('PUT', `{ "s" :    "${'x'.repeat(24)}"    }`);
    expect(spaced.status).toBe(200);
  });

  it.each([
    ['malformed JSON', 'PUT', '{"a":', 'malformed JSON'],
    ['an empty body', 'PUT', '', 'malformed JSON'],
    ['an array', 'PUT', '[1]', 'the session context must be a JSON object'],
    ['null', 'PUT', 'null', 'the session context must be a JSON object'],
    ['a string', 'PATCH', '"x"', 'the session context must be a JSON object'],
    [
      'a too-deep value',
      'PUT',
      `{"a":${'['.repeat(100)}${']'.repeat(100)}}`,
      'nest deeper than 64',
    ],
  ])('answers 400 naming (body) for %s', async (_title, method, body, detail) => {
    const response = await call(method, body, {
      'content-type': method === 'PATCH' ? MERGE : 'application/json',
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.field).toBe('(body)');
    expect(problem.detail).toContain(detail);
  });

  it.each([
    ['PUT', 'text/plain'],
    ['PUT', MERGE],
    ['PATCH', 'application/json-patch+json'],
    ['PATCH', 'text/plain'],
  ])('%s answers 415 for %s', async (method, contentType) => {
    const response = await call(method, '{}', { 'content-type': contentType });
    expect(response.status).toBe(415);
  });

  it('requires a live session on every method (401), and 503 when the store is down', async () => {
    await gw.deps.store.sessions.revokeSession(s.sid, gw.clock.now(), gw.clock.now() + 60_000);
    for (const method of ['GET', 'PUT', 'PATCH']) {
      expect((await call(method, method === 'GET' ? undefined : {})).status).toBe(401);
    }
    s = await startSession(gw);
    control.down = true;
    for (const method of ['GET', 'PUT', 'PATCH']) {
      const response = await call(method, method === 'GET' ? undefined : {});
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
    }
  });

  it('requires the bearer token on every method', async () => {
    for (const method of ['GET', 'PUT', 'PATCH']) {
      const response = await gw.app.request(PATH, {
        method,
        ...(method === 'GET'
          ? {}
          : { body: '{}', headers: { 'content-type': 'application/json' } }),
      });
      expect(response.status).toBe(401);
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    await call('PUT', { a: 1 });
    const response = await call('HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(await response.text()).toBe('');
  });

  it('answers 405 with Allow for DELETE', async () => {
    const response = await call('DELETE');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT, PATCH');
  });

  it('keeps each session’s context its own', async () => {
    await call('PUT', { mine: true });
    const other = await startSession(gw, { sub: 'bob' });
    const response = await gw.app.request(PATH, { headers: other.auth });
    await expectContext(response, 0, {});
  });
});

describe('the session context API with sessions.requireIfMatch', () => {
  beforeEach(() => setUp('sessions: { requireIfMatch: true }'));

  it.each(['PUT', 'PATCH'])(
    '%s without If-Match answers 428 and writes nothing',
    async (method) => {
      const response = await call(method, { a: 1 });
      expect(response.status).toBe(428);
      expect((await problemOf(response)).type).toBe('urn:gatehouse:problem:precondition-required');
      await expectContext(await call('GET'), 0, {});
    },
  );

  it.each(['"0"', '*'])('accepts If-Match %s', async (ifMatch) => {
    await expectContext(await call('PUT', { a: 1 }, { 'if-match': ifMatch }), 1, { a: 1 });
  });
});

describe('PATCH without If-Match under contention', () => {
  beforeEach(() => setUp());

  it('re-applies the patch to the newer version instead of losing either write', async () => {
    await call('PUT', { n: 0 });
    // Another writer slips in between this PATCH's read and its compare-and-set, twice.
    const store = gw.deps.store;
    const cas = store.sessions.compareAndSetContext.bind(store);
    let interfere = 2;
    store.sessions.compareAndSetContext = async (sid, expected, context, now) => {
      if (interfere-- > 0)
        await cas(sid, null, { encoding: 'plain', data: `{"n":${10 - interfere}}` }, now);
      return cas(sid, expected, context, now);
    };
    const response = await call('PATCH', { patched: true });
    await expectContext(response, 4, { n: 10, patched: true });
  });

  it('gives up with 409 after 8 lost rounds', async () => {
    const store = gw.deps.store;
    const cas = store.sessions.compareAndSetContext.bind(store);
    let attempts = 0;
    store.sessions.compareAndSetContext = async (sid, expected, context, now) => {
      attempts += 1;
      await cas(sid, null, { encoding: 'plain', data: '{}' }, now);
      return cas(sid, expected, context, now);
    };
    const response = await call('PATCH', { a: 1 });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).type).toBe('urn:gatehouse:problem:context-conflict');
    expect(attempts).toBe(8);
  });

  it('with If-Match, a lost race is 412 at once, with the winner’s ETag', async () => {
    const store = gw.deps.store;
    const cas = store.sessions.compareAndSetContext.bind(store);
    store.sessions.compareAndSetContext = async (sid, expected, context, now) => {
      await cas(sid, null, { encoding: 'plain', data: '{"w":1}' }, now);
      return cas(sid, expected, context, now);
    };
    const response = await call('PATCH', { a: 1 }, { 'if-match': '"0"' });
    expect(response.status).toBe(412);
    expect(response.headers.get('etag')).toBe('"1"');
  });
});
