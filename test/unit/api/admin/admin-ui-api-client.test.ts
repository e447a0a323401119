import { describe, expect, it } from 'vitest';
import { AdminApiError } from '../../../../src/browser/admin-console/admin-api-error.js';
import { createAdminApi } from '../../../../src/browser/admin-console/admin-api.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  credentials: RequestCredentials | undefined;
}

/** The console's API client over a fake fetch that records each call and answers `answer`. */
function client(answer: () => Response | Promise<Response>, key: string | null = 'gha_key') {
  const calls: Call[] = [];
  const fakeFetch = (async (input: URL, init: RequestInit = {}) => {
    calls.push({
      url: input.toString(),
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
      credentials: init.credentials,
    });
    return answer();
  }) as typeof fetch;
  const api = createAdminApi(() => key, {
    page: () => 'https://gw.example/admin/ui/',
    fetch: fakeFetch,
  });
  return { api, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const problem = (status: number, title: string, detail: string) =>
  new Response(JSON.stringify({ type: 'urn:x', title, status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

describe('the admin console API client', () => {
  it('calls the admin API next to the page, with the key as Bearer and no cookies', async () => {
    const { api, calls } = client(() => json({ sub: 'a/b', sessions: [{ sid: 's1' }] }));
    expect(await api.listSessions('a/b')).toEqual([{ sid: 's1' }]);
    expect(calls).toEqual([
      {
        url: 'https://gw.example/admin/users/a%2Fb/sessions',
        method: 'GET',
        headers: { accept: 'application/json', authorization: 'Bearer gha_key' },
        body: undefined,
        credentials: 'omit',
      },
    ]);
  });

  it('sends each action to its endpoint and reads its answer', async () => {
    const answers = [
      new Response(null, { status: 204 }),
      json({ revoked: 2 }),
      new Response(null, { status: 204 }),
      json({ kid: 'k2', previous: ['k1'] }),
      json({ keys: [{ kid: 'k2', active: true }] }),
      json({ revoked: 'k/1', kid: 'k2', previous: [] }),
    ];
    const { api, calls } = client(() => answers.shift()!);
    await api.revokeSession('sid_1');
    expect(await api.revokeUserSessions('alice')).toBe(2);
    await api.revokeToken('j-1', 1_767_229_200);
    expect(await api.rotateKey()).toEqual({ kid: 'k2', previous: ['k1'] });
    expect(await api.listKeys()).toEqual([{ kid: 'k2', active: true }]);
    expect(await api.revokeKey('k/1')).toMatchObject({ kid: 'k2', previous: [] });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.body ?? ''}`.trim())).toEqual([
      'DELETE https://gw.example/admin/sessions/sid_1',
      'DELETE https://gw.example/admin/users/alice/sessions',
      'POST https://gw.example/admin/revocations {"jti":"j-1","exp":1767229200}',
      'POST https://gw.example/admin/keys/rotate',
      'GET https://gw.example/admin/keys',
      'DELETE https://gw.example/admin/keys/k%2F1',
    ]);
    expect(calls[2]!.headers['content-type']).toBe('application/json');
  });

  it('sends no Authorization header when there is no key', async () => {
    const { api, calls } = client(() => json({ sessions: [] }), null);
    await api.listSessions('alice');
    expect(calls[0]!.headers.authorization).toBeUndefined();
  });

  it('turns a problem+json answer into an AdminApiError with its status, title and detail', async () => {
    const { api } = client(() => problem(401, 'Invalid access token', 'unknown admin API key'));
    const error = await api.listSessions('alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error).toMatchObject({
      status: 401,
      title: 'Invalid access token',
      detail: 'unknown admin API key',
      message: 'Invalid access token: unknown admin API key',
    });
  });

  it('names the status of an error answer that is not problem+json', async () => {
    const { api } = client(() => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(api.rotateKey()).rejects.toMatchObject({ status: 502, message: 'HTTP 502' });
  });

  it('says so when the gateway cannot be reached or answers something unreadable', async () => {
    const down = client(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(down.api.rotateKey()).rejects.toMatchObject({ status: 0, title: 'Network error' });
    const garbled = client(() => new Response('not json', { status: 200 }));
    await expect(garbled.api.rotateKey()).rejects.toMatchObject({ title: 'Unreadable answer' });
  });

  it.each(['.', '..'])('refuses a sub of "%s", which no URL path can name', async (sub) => {
    const { api, calls } = client(() => json({ sessions: [] }));
    await expect(api.listSessions(sub)).rejects.toThrow('cannot be named in a URL');
    expect(calls).toEqual([]);
  });
});
