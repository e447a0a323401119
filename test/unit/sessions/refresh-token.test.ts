import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeSecretCrypto } from '../../../src/adapters/node/node-secret-crypto.js';
import { webSecretCrypto } from '../../../src/lib/secret-crypto.js';
import { mintRefreshToken, parseRefreshToken } from '../../../src/sessions/refresh-token.js';

const SID = 'AAAAAAAAAAAAAAAAAAAAAA';
const SECRET = 'B'.repeat(43);

describe.each([
  ['web', webSecretCrypto],
  ['node', nodeSecretCrypto],
])('mintRefreshToken (%s crypto)', (_name, secrets) => {
  it('makes v1.<sid>.<secret> with a 256-bit secret and its SHA-256 hex', async () => {
    const minted = await mintRefreshToken(secrets, SID);
    expect(minted.token).toBe(`v1.${SID}.${minted.secret}`);
    expect(minted.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(minted.hash).toBe(createHash('sha256').update(minted.secret).digest('hex'));
    expect(minted.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never makes the same secret twice', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add((await mintRefreshToken(secrets, SID)).secret);
    expect(seen.size).toBe(100);
  });

  it('makes tokens parseRefreshToken reads back', async () => {
    const minted = await mintRefreshToken(secrets, SID);
    expect(parseRefreshToken(minted.token)).toEqual({ sid: SID, secret: minted.secret });
  });
});

describe('parseRefreshToken', () => {
  it('splits a well-formed token', () => {
    expect(parseRefreshToken(`v1.${SID}.${SECRET}`)).toEqual({ sid: SID, secret: SECRET });
  });

  it.each([
    ['an empty string', ''],
    ['another version', `v2.${SID}.${SECRET}`],
    ['no version', `${SID}.${SECRET}`],
    ['an upper-case version', `V1.${SID}.${SECRET}`],
    ['a short secret', `v1.${SID}.${SECRET.slice(1)}`],
    ['a long secret', `v1.${SID}.${SECRET}B`],
    ['a padded secret', `v1.${SID}.${SECRET.slice(1)}=`],
    ['a standard-base64 secret', `v1.${SID}.${SECRET.slice(1)}+`],
    ['a short sid', `v1.${SID.slice(0, 15)}.${SECRET}`],
    ['a sid with a dot', `v1.AAAAAAAA.AAAAAAAAAAAAA.${SECRET}`],
    ['an extra part', `v1.${SID}.${SECRET}.x`],
    ['surrounding space', ` v1.${SID}.${SECRET}`],
    ['a trailing newline', `v1.${SID}.${SECRET}\n`],
    ['an access-token-like JWT', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln'],
    ['a huge string', `v1.${'A'.repeat(100_000)}.${SECRET}`],
  ])('rejects %s', (_name, text) => {
    expect(parseRefreshToken(text)).toBeNull();
  });
});
