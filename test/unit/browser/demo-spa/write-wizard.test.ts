import { describe, expect, it } from 'vitest';
import type { GatehouseClient } from '../../../../src/browser/client/index.js';
import { readContext } from '../../../../src/browser/demo-spa/session-context.js';
import { writeWizard } from '../../../../src/browser/demo-spa/write-wizard.js';

interface Sent {
  method: string;
  ifMatch: string | null;
  body?: unknown;
}

/**
 * A client whose fetch plays GET/PUT /auth/session/context as the gateway does (ETag "<version>",
 * 412 on a stale If-Match). `before(n)` runs before the n-th request: another tab writing.
 */
function contextServer(initial: Record<string, unknown>, before?: (n: number) => void) {
  const state = { version: 0, value: initial };
  const sent: Sent[] = [];
  const json = (status: number, body: unknown, etag?: string) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...(etag ? { etag } : {}) },
    });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), 'http://localhost:8080'), init);
    before?.(sent.length);
    const ifMatch = request.headers.get('if-match');
    const body = request.method === 'PUT' ? await request.json() : undefined;
    sent.push({ method: request.method, ifMatch, ...(body ? { body } : {}) });
    expect(new URL(request.url).pathname).toBe('/auth/session/context');
    if (request.method === 'GET') return json(200, state.value, `"${state.version}"`);
    if (ifMatch !== `"${state.version}"`)
      return json(412, { title: 'stale' }, `"${state.version}"`);
    state.version++;
    state.value = body as Record<string, unknown>;
    return json(200, state.value, `"${state.version}"`);
  };
  const client = { fetch } as unknown as GatehouseClient;
  const otherTab = (value: Record<string, unknown>) => {
    state.version++;
    state.value = value;
  };
  return { client, state, sent, otherTab };
}

const addAnswer = (step: number, answer: string) => (answers: string[]) =>
  answers.length === step ? [...answers, answer] : null;

describe('writeWizard', () => {
  it('writes the answers with If-Match on the version it read, keeping the rest of the context', async () => {
    const server = contextServer({ cart: ['book'] });
    const stored = await readContext(server.client);
    const outcome = await writeWizard(server.client, stored, addAnswer(0, 'Ada'));
    expect(outcome).toEqual({
      stored: { value: { cart: ['book'], wizard: { answers: ['Ada'] } }, etag: '"1"' },
      answers: ['Ada'],
      overtaken: false,
    });
    expect(server.sent.map((s) => [s.method, s.ifMatch])).toEqual([
      ['GET', null],
      ['PUT', '"0"'],
    ]);
    expect(server.state.value).toEqual({ cart: ['book'], wizard: { answers: ['Ada'] } });
  });

  it('reads the context first when it has not seen it', async () => {
    const server = contextServer({ wizard: { answers: ['Ada'] } });
    const outcome = await writeWizard(server.client, null, addAnswer(1, 'Paris'));
    expect(outcome.answers).toEqual(['Ada', 'Paris']);
    expect(server.sent.map((s) => s.method)).toEqual(['GET', 'PUT']);
  });

  it('on 412 reads again and retries once on the new version', async () => {
    const server = contextServer({});
    const stored = await readContext(server.client);
    server.otherTab({ note: 'written elsewhere' });
    const outcome = await writeWizard(server.client, stored, addAnswer(0, 'Ada'));
    expect(outcome.overtaken).toBe(false);
    expect(server.sent.map((s) => [s.method, s.ifMatch])).toEqual([
      ['GET', null],
      ['PUT', '"0"'],
      ['GET', null],
      ['PUT', '"1"'],
    ]);
    expect(server.state.value).toEqual({ note: 'written elsewhere', wizard: { answers: ['Ada'] } });
  });

  it('writes nothing when another tab already answered this step', async () => {
    const server = contextServer({});
    const stored = await readContext(server.client);
    server.otherTab({ wizard: { answers: ['Grace'] } });
    const outcome = await writeWizard(server.client, stored, addAnswer(0, 'Ada'));
    expect(outcome).toMatchObject({ answers: ['Grace'], overtaken: true });
    expect(outcome.stored.etag).toBe('"1"');
    expect(server.sent.filter((s) => s.method === 'PUT')).toHaveLength(1);
    expect(server.state.value).toEqual({ wizard: { answers: ['Grace'] } });
  });

  it('gives up after the retry also meets a 412, saying why', async () => {
    // Another tab writes before each PUT: the first and the retried one are both stale.
    const server = contextServer({}, (n) => {
      if (n === 1 || n === 3) server.otherTab({ busy: n });
    });
    const stored = await readContext(server.client);
    await expect(writeWizard(server.client, stored, addAnswer(0, 'Ada'))).rejects.toThrow(
      'the session context keeps changing in another tab',
    );
    expect(server.sent.map((s) => s.method)).toEqual(['GET', 'PUT', 'GET', 'PUT']);
  });

  it('starts again from no answers when the context holds something else under wizard', async () => {
    const server = contextServer({ wizard: { answers: [1, 2] } });
    const outcome = await writeWizard(server.client, null, addAnswer(0, 'Ada'));
    expect(outcome.answers).toEqual(['Ada']);
  });

  it('reports a failed read or write with its status first', async () => {
    const client = {
      fetch: async () =>
        new Response(
          JSON.stringify({ title: 'Authentication required', detail: 'session revoked' }),
          {
            status: 401,
            statusText: 'Unauthorized',
            headers: { 'content-type': 'application/problem+json' },
          },
        ),
    } as unknown as GatehouseClient;
    await expect(writeWizard(client, null, addAnswer(0, 'Ada'))).rejects.toThrow(
      '401 Unauthorized: session revoked',
    );
    await expect(
      writeWizard(client, { value: {}, etag: '"0"' }, addAnswer(0, 'Ada')),
    ).rejects.toThrow('401 Unauthorized: session revoked');
  });
});
