import { describe, expect, it } from 'vitest';
import { nodePasswordHasher } from '../../../src/adapters/node/identity/node-password-hasher.js';
import { IdentityConfigError, type IdentitySource } from '../../../src/identity/identity-source.js';
import { createUsersFileSource } from '../../../src/identity/users-file-source.js';
import { createWebhookSource } from '../../../src/identity/webhook-source.js';
import { testGateway, verifierOf } from '../../helpers/test-gateway.js';
import scopeVectors from '../../vectors/scope-tokens.json' with { type: 'json' };
import subjectVectors from '../../vectors/subjects.json' with { type: 'json' };
import { adminGateway, asAdmin } from '../api/admin/admin-fixtures.js';
import { capturingLogger, postLogin } from '../api/auth/login-fixtures.js';

// Every identity value reaches the gateway by three doors: a users file (checked at load, a
// config error with its path), a login source's answer (checked at login, 502 with the field in
// the log), and an admin-minted session (400 naming the field). The same vectors go through all.

interface Identity {
  sub: string;
  scope: string[];
}

const PHC = await nodePasswordHasher.hash('pw');

/** YAML (a JSON document) with every non-ASCII character escaped, so YAML sees what JSON says. */
const usersYaml = (user: Record<string, unknown>) =>
  JSON.stringify({ users: [{ username: 'u', password: PHC, ...user }] }).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

async function loadProblems(user: Record<string, unknown>): Promise<readonly string[] | 'ok'> {
  try {
    await createUsersFileSource(usersYaml(user), nodePasswordHasher, []);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityConfigError);
    return (error as IdentityConfigError).problems;
  }
}

/** A webhook source whose service accepts every login with `answer`. */
const webhookAnswering = (answer: unknown): IdentitySource =>
  createWebhookSource(
    { url: 'http://identity.internal/login', secret: 's'.repeat(32), timeoutMs: 1000 },
    (async () => Response.json(answer)) as typeof fetch,
  );

/** Logs in through `source`; the response and what the gateway logged. */
async function loginThrough(source: IdentitySource) {
  const logger = capturingLogger();
  const gateway = await testGateway('', { identitySources: [source], logger });
  const response = await postLogin(gateway, { username: 'u', password: 'pw' });
  return { gateway, response, logger };
}

/** The 502's log line: it names the source and the field, never the value. */
function expectRefusalLogged(
  logger: ReturnType<typeof capturingLogger>,
  field: string,
  value: string,
) {
  const line = logger.lines.find(
    (l) => (l.fields as { code?: string }).code === 'identity-unacceptable',
  );
  const cause = (line?.fields as { cause?: { message?: string } } | undefined)?.cause?.message;
  expect(cause).toContain(`identity.sources[0]: ${field}:`);
  if (value.trim().length >= 3)
    expect(JSON.stringify(logger.lines)).not.toContain(JSON.stringify(value).slice(1, -1));
}

describe.each(scopeVectors.map((v) => [v.title, v] as const))('scope %s', (_, vector) => {
  const { scope, accept } = vector;

  it(`users file: ${accept ? 'loads' : 'is a config error naming users[0].scope[0]'}`, async () => {
    const problems = await loadProblems({ scope: [scope] });
    if (accept) expect(problems).toBe('ok');
    else
      expect(problems).toEqual([
        expect.stringMatching(/^users\[0\]\.scope\[0\]: Must be one RFC 6749/),
      ]);
  });

  it(`webhook answer: ${accept ? 'logs in' : 'refused with 502, never split'}`, async () => {
    const { gateway, response, logger } = await loginThrough(
      webhookAnswering({ sub: 'u1', scope: [scope] }),
    );
    if (accept) {
      expect(response.status).toBe(200);
      const { access_token } = (await response.json()) as { access_token: string };
      expect((await verifierOf(gateway).verify(access_token)).scope).toBe(scope);
      return;
    }
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      type: 'urn:gatehouse:problem:identity-unacceptable',
      status: 502,
    });
    expect(response.headers.get('set-cookie')).toBeNull();
    expectRefusalLogged(logger, 'scope.0', scope);
  });

  it(`admin-minted session: ${accept ? '201' : '400 naming scope[0]'}`, async () => {
    const { gw } = await adminGateway();
    const response = await asAdmin(gw, 'POST', '/sessions', { sub: 'u1', scope: [scope] });
    if (accept) expect(response.status).toBe(201);
    else {
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'scope[0]' });
    }
  });
});

describe.each(subjectVectors.map((v) => [v.title, v] as const))('subject %s', (_, vector) => {
  const { sub, accept } = vector;

  it(`users file: ${accept ? 'loads' : 'is a config error naming users[0].sub'}`, async () => {
    const problems = await loadProblems({ sub });
    if (accept) expect(problems).toBe('ok');
    else expect(problems).toEqual([expect.stringMatching(/^users\[0\]\.sub: /)]);
    // A username is the sub when no sub is given: the same rule.
    const asUsername = await loadProblems({ username: sub });
    if (accept) expect(asUsername).toBe('ok');
    else expect(asUsername).toEqual([expect.stringMatching(/^users\[0\]\.username: /)]);
  });

  it(`webhook answer: ${accept ? 'logs in with that sub' : 'refused with 502'}`, async () => {
    // An empty sub is a protocol mismatch (503) before it is a bad subject.
    if (sub === '') return;
    const { gateway, response, logger } = await loginThrough(
      webhookAnswering({ sub, scope: 'read' }),
    );
    if (accept) {
      expect(response.status).toBe(200);
      const { access_token } = (await response.json()) as { access_token: string };
      expect((await verifierOf(gateway).verify(access_token)).sub).toBe(sub);
      return;
    }
    expect(response.status).toBe(502);
    expectRefusalLogged(logger, 'sub', sub);
  });

  it(`admin-minted session: ${accept ? '201' : '400 naming sub'}`, async () => {
    const { gw } = await adminGateway();
    const response = await asAdmin(gw, 'POST', '/sessions', { sub, scope: 'read' });
    if (accept) expect(response.status).toBe(201);
    else {
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'sub' });
    }
  });
});

describe('identity checks at login', () => {
  it('refuse any source: a custom one naming a bad sub and scope gets 502 with both fields logged', async () => {
    const identity: Identity = { sub: 'alice\r\nx', scope: ['ok', 'a b'] };
    const source: IdentitySource = { authenticate: async () => ({ ...identity, claims: {} }) };
    const { response, logger } = await loginThrough(source);
    expect(response.status).toBe(502);
    const line = logger.lines.find(
      (l) => (l.fields as { code?: string }).code === 'identity-unacceptable',
    );
    expect(JSON.stringify(line)).toMatch(/sub: .*scope\.1: /);
  });

  it('refuse a lone surrogate in a sub (no UTF-8 spelling: not a vector, JSON tools choke on it)', async () => {
    const sub = `alice${String.fromCharCode(0xd800)}`;
    expect(await loadProblems({ sub })).toEqual([expect.stringMatching(/^users\[0\]\.sub: /)]);
    const { response } = await loginThrough(webhookAnswering({ sub, scope: 'read' }));
    expect(response.status).toBe(502);
    const { gw } = await adminGateway();
    expect((await asAdmin(gw, 'POST', '/sessions', { sub, scope: 'read' })).status).toBe(400);
  });

  it('a space-separated scope string is split (RFC 6749 §3.3); a list entry never is', async () => {
    const split = await loginThrough(webhookAnswering({ sub: 'u1', scope: 'read:api profile' }));
    expect(split.response.status).toBe(200);
    expect(((await split.response.json()) as { scope: string }).scope).toBe('read:api profile');
    const list = await loginThrough(
      webhookAnswering({ sub: 'u1', scope: ['read:api gatehouse:admin'] }),
    );
    expect(list.response.status).toBe(502);
  });

  it('extra claims cannot carry a scope: a webhook claim named scope is refused, never granted', async () => {
    const { response } = await loginThrough(
      webhookAnswering({ sub: 'u1', scope: 'read', claims: { scope: 'gatehouse:admin' } }),
    );
    expect(response.status).not.toBe(200);
    expect(await response.text()).not.toContain('gatehouse:admin');
  });
});
