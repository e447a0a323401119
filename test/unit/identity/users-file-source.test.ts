import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IdentityConfigError, type PasswordHasher } from '../../../src/identity/identity-source.js';
import { createUsersFileSource } from '../../../src/identity/users-file-source.js';
import { nodePasswordHasher } from '../../../src/adapters/node/identity/node-password-hasher.js';

// Made once with nodePasswordHasher: 'pw-alice' and 'pw-bob'.
const ALICE = await nodePasswordHasher.hash('pw-alice');
const BOB = await nodePasswordHasher.hash('pw-bob');

const yaml = `
users:
  - username: alice
    password: '${ALICE}'
    sub: user-1
    scope: read:api profile
    claims: { tenant: acme, roles: [a, b] }
  - username: bob
    password: '${BOB}'
`;

/** A hasher that records verify calls and delegates to the real one. */
function countingHasher() {
  const calls: string[] = [];
  const hasher: PasswordHasher = {
    hash: (password) => nodePasswordHasher.hash(password),
    hashLike: (template, password) => nodePasswordHasher.hashLike(template, password),
    verify: (phc, password) => {
      calls.push(phc);
      return nodePasswordHasher.verify(phc, password);
    },
  };
  return { hasher, calls };
}

async function problemsOf(text: string): Promise<readonly string[]> {
  const error = await createUsersFileSource(text, nodePasswordHasher, []).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdentityConfigError);
  return (error as IdentityConfigError).problems;
}

describe('createUsersFileSource', () => {
  it('accepts the right password with the configured sub, scope and claims', async () => {
    const source = await createUsersFileSource(yaml, nodePasswordHasher, ['default']);
    expect(await source.authenticate('alice', 'pw-alice')).toEqual({
      sub: 'user-1',
      scope: ['read:api', 'profile'],
      claims: { tenant: 'acme', roles: ['a', 'b'] },
    });
  });

  it('defaults sub to the username and scope to the default scope', async () => {
    const source = await createUsersFileSource(yaml, nodePasswordHasher, ['default', 'other']);
    expect(await source.authenticate('bob', 'pw-bob')).toEqual({
      sub: 'bob',
      scope: ['default', 'other'],
      claims: {},
    });
  });

  it('rejects a wrong password and an unknown user with null', async () => {
    const source = await createUsersFileSource(yaml, nodePasswordHasher, []);
    expect(await source.authenticate('alice', 'pw-bob')).toBeNull();
    expect(await source.authenticate('carol', 'pw-alice')).toBeNull();
  });

  it('matches usernames exactly: case-sensitive, no trimming', async () => {
    const source = await createUsersFileSource(yaml, nodePasswordHasher, []);
    expect(await source.authenticate('Alice', 'pw-alice')).toBeNull();
    expect(await source.authenticate('alice ', 'pw-alice')).toBeNull();
  });

  it('runs one verify against a dummy hash for unknown users, as for a wrong password', async () => {
    const { hasher, calls } = countingHasher();
    const source = await createUsersFileSource(yaml, hasher, []);
    await source.authenticate('alice', 'wrong');
    expect(calls).toEqual([ALICE]);
    calls.length = 0;
    await source.authenticate('nobody', 'wrong');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect(calls[0]).not.toBe(ALICE);
    expect(calls[0]).not.toBe(BOB);
  });

  it("checks unknown users against a dummy with the users' algorithm and parameters", async () => {
    const { hash: argon2Hash } = await import('@node-rs/argon2');
    const argon = await argon2Hash('pw', { memoryCost: 8192, timeCost: 3, parallelism: 1 });
    const users = `users:\n  - { username: a, password: '${argon}' }\n  - { username: b, password: '${argon}' }\n  - { username: c, password: '${ALICE}' }\n`;
    const { hasher, calls } = countingHasher();
    const source = await createUsersFileSource(users, hasher, []);
    await source.authenticate('nobody', 'wrong');
    expect(calls[0]).toMatch(/^\$argon2id\$v=19\$m=8192,t=3,p=1\$/);
    expect(calls[0]).not.toBe(argon);
  });

  it('hands out copies: a caller mutating an identity does not change the next login', async () => {
    const source = await createUsersFileSource(yaml, nodePasswordHasher, []);
    const first = await source.authenticate('alice', 'pw-alice');
    first!.scope.push('admin');
    (first!.claims as Record<string, unknown>).tenant = 'evil';
    expect(await source.authenticate('alice', 'pw-alice')).toMatchObject({
      scope: ['read:api', 'profile'],
      claims: { tenant: 'acme' },
    });
  });

  it('reports every bad entry with its path', async () => {
    const problems = await problemsOf(`
users:
  - username: ok
    password: '${ALICE}'
  - username: plain
    password: hunter2
  - username: ''
    password: '${BOB}'
    scopes: typo
  - username: ok
    password: '${BOB}'
    claims: { sub: someone-else }
`);
    expect(problems).toEqual([
      expect.stringMatching(/^users\[1\]\.password: Expected a scrypt or argon2 PHC hash/),
      expect.stringMatching(/^users\[2\]\.username: /),
      'users[2].scopes: Unknown key',
      'users[3].claims.sub: "sub" is set by the gateway and cannot be overridden',
      'users[3].username: Duplicate of users[0]',
    ]);
  });

  it('refuses a hash whose scrypt costs exceed the limits', async () => {
    const hostile = ALICE.replace('ln=15', 'ln=21');
    expect(await problemsOf(`users: [{ username: a, password: '${hostile}' }]`)).toEqual([
      expect.stringMatching(/^users\[0\]\.password: /),
    ]);
  });

  it('reports YAML syntax errors and a missing users list', async () => {
    expect(await problemsOf('users: [')).toEqual([expect.stringMatching(/^\(file\): /)]);
    expect(await problemsOf('')).toEqual([expect.stringMatching(/^\(root\): /)]);
    expect(await problemsOf('people: []')).toEqual(
      expect.arrayContaining(['people: Unknown key', expect.stringMatching(/^users: /)]),
    );
  });

  it('accepts argon2 hashes', async () => {
    const { hash } = await import('@node-rs/argon2');
    const phc = await hash('pw-dan', { memoryCost: 8192, timeCost: 1 });
    const source = await createUsersFileSource(
      `users: [{ username: dan, password: '${phc}' }]`,
      nodePasswordHasher,
      [],
    );
    expect(await source.authenticate('dan', 'pw-dan')).toMatchObject({ sub: 'dan' });
  });

  it('ships config/users.yaml with the demo users of the README', async () => {
    const text = readFileSync(new URL('../../../config/users.yaml', import.meta.url), 'utf8');
    const source = await createUsersFileSource(text, nodePasswordHasher, []);
    expect(await source.authenticate('demo', 'demo-password')).toEqual({
      sub: 'user-demo',
      scope: ['read:api', 'profile'],
      claims: {},
    });
    expect(await source.authenticate('admin', 'admin-password')).toEqual({
      sub: 'user-admin',
      scope: ['read:api', 'write:api', 'gatehouse:admin'],
      claims: {},
    });
    expect(await source.authenticate('demo', 'admin-password')).toBeNull();
  });
});
