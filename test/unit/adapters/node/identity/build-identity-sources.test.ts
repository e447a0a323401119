import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIdentitySources } from '../../../../../src/adapters/node/identity/build-identity-sources.js';
import { nodePasswordHasher } from '../../../../../src/adapters/node/identity/node-password-hasher.js';
import { IdentityConfigError } from '../../../../../src/identity/identity-source.js';
import { testConfig } from '../../../../helpers/test-gateway.js';

const ALICE = await nodePasswordHasher.hash('pw-alice');

const config = testConfig(`
identity:
  defaultScope: base
  sources:
    - kind: webhook
      url: http://identity.internal/login
      secret: a-shared-secret-of-32-characters
      timeout: 2s
    - kind: users-file
      path: config/test-users.yaml
`);

function io(files: Record<string, string>) {
  const reads: string[] = [];
  const calls: string[] = [];
  return {
    reads,
    calls,
    readFile: async (path: string) => {
      reads.push(path);
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    fetch: (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response(null, { status: 401 });
    }) as typeof fetch,
    hasher: nodePasswordHasher,
  };
}

describe('buildIdentitySources', () => {
  const usersPath = resolve(process.cwd(), 'config/test-users.yaml');

  it('builds the sources in config order; users files resolve against the working directory', async () => {
    const deps = io({ [usersPath]: `users: [{ username: alice, password: '${ALICE}' }]` });
    const [webhook, usersFile] = await buildIdentitySources(config, deps);
    expect(deps.reads).toEqual([usersPath]);
    expect(await webhook!.authenticate('alice', 'pw-alice')).toBeNull();
    expect(deps.calls).toEqual(['http://identity.internal/login']);
    expect(await usersFile!.authenticate('alice', 'pw-alice')).toEqual({
      sub: 'alice',
      scope: ['base'],
      claims: {},
    });
  });

  it('names the source and the file when the file cannot be read', async () => {
    const error = await buildIdentitySources(config, io({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityConfigError);
    expect((error as IdentityConfigError).problems).toEqual([
      `identity.sources[1]: cannot read users file ${usersPath} (ENOENT)`,
    ]);
  });

  it('prefixes each problem in the file with the source and the file', async () => {
    const error = await buildIdentitySources(
      config,
      io({ [usersPath]: 'users: [{ username: a, password: x }]' }),
    ).catch((e: unknown) => e);
    expect((error as IdentityConfigError).problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^identity\\.sources\\[1\\] \\(${usersPath.replace(/[/.]/g, '\\$&')}\\): users\\[0\\]\\.password: `,
        ),
      ),
    ]);
  });
});
