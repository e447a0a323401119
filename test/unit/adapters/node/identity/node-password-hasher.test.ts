import { hash as argon2Hash } from '@node-rs/argon2';
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodePasswordHasher } from '../../../../../src/adapters/node/identity/node-password-hasher.js';
import { parsePhc } from '../../../../../src/identity/phc.js';

const hasher = nodePasswordHasher;

describe('nodePasswordHasher.hash', () => {
  it('makes a scrypt PHC string with ln=15,r=8,p=1, a 16-byte salt and a 32-byte hash', async () => {
    const phc = await hasher.hash('correct horse');
    expect(phc).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const parsed = parsePhc(phc);
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.hash).toHaveLength(32);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });
});

describe('nodePasswordHasher.verify', () => {
  it('round-trips scrypt: the right password passes, another fails', async () => {
    const phc = await hasher.hash('correct horse');
    expect(await hasher.verify(phc, 'correct horse')).toBe(true);
    expect(await hasher.verify(phc, 'correct horsE')).toBe(false);
    expect(await hasher.verify(phc, '')).toBe(false);
  });

  it('round-trips non-ASCII passwords', async () => {
    const phc = await hasher.hash('pässwörd 🔑');
    expect(await hasher.verify(phc, 'pässwörd 🔑')).toBe(true);
    expect(await hasher.verify(phc, 'passwörd 🔑')).toBe(false);
  });

  it('verifies a known scrypt vector (hash made by the CLI, config/users.yaml style)', async () => {
    const phc =
      '$scrypt$ln=15,r=8,p=1$WfTvCtK90DuEPr6YnaSzWg$xH71upHd06oqQbZXgE9qOQmgudvOiLth86z9p31s9pk';
    expect(await hasher.verify(phc, 'secret')).toBe(true);
    expect(await hasher.verify(phc, 'secreT')).toBe(false);
  });

  it.each(['argon2id', 'argon2i', 'argon2d'] as const)(
    'verifies %s hashes made by @node-rs/argon2',
    async (variant) => {
      const algorithm = { argon2d: 0, argon2i: 1, argon2id: 2 }[variant];
      const phc = await argon2Hash('correct horse', { algorithm, memoryCost: 8192, timeCost: 1 });
      expect(phc.startsWith(`$${variant}$`)).toBe(true);
      expect(await hasher.verify(phc, 'correct horse')).toBe(true);
      expect(await hasher.verify(phc, 'wrong horse')).toBe(false);
    },
  );

  it.each([
    ['empty', ''],
    ['plaintext', 'correct horse'],
    ['unknown algorithm', '$bcrypt$v=2$abc$def'],
    ['scrypt without hash', '$scrypt$ln=15,r=8,p=1$WfTvCtK90DuEPr6YnaSzWg'],
    [
      'scrypt bad base64',
      '$scrypt$ln=15,r=8,p=1$Wf*vCtK90DuEPr6YnaSzWg$xH71upHd06oqQbZXgE9qOQmgudvOiLth86z9p31s9pk',
    ],
    [
      'scrypt missing r',
      '$scrypt$ln=15,p=1$WfTvCtK90DuEPr6YnaSzWg$xH71upHd06oqQbZXgE9qOQmgudvOiLth86z9p31s9pk',
    ],
    [
      'scrypt extra param',
      '$scrypt$ln=15,r=8,p=1,x=1$WfTvCtK90DuEPr6YnaSzWg$xH71upHd06oqQbZXgE9qOQmgudvOiLth86z9p31s9pk',
    ],
    [
      'scrypt ln=0',
      '$scrypt$ln=0,r=8,p=1$WfTvCtK90DuEPr6YnaSzWg$xH71upHd06oqQbZXgE9qOQmgudvOiLth86z9p31s9pk',
    ],
    [
      'scrypt trailing field',
      '$scrypt$ln=15,r=8,p=1$WfTvCtK90DuEPr6YnaSzWg$xH71upHd06oqQbZXgE9qOQmgudvOiLth86z9p31s9pk$',
    ],
    ['argon2 garbled', '$argon2id$v=19$m=19456,t=2,p=1$not-base64!$abc'],
    [
      'argon2 unknown version',
      '$argon2id$v=99$m=19456,t=2,p=1$0EpMeUlyYrCyVXGxsNv2oQ$q2tKOzrncKRU5EMgaDexiCLLKc8PEepPSLk4hFrPboQ',
    ],
    ['argon2 truncated', '$argon2id$v=19$m=19456,t=2,p=1$0EpMeUlyYrCyVXGxsNv2oQ'],
  ])(
    'returns false, without throwing, for a garbled or unsupported hash: %s',
    async (_name, phc) => {
      await expect(hasher.verify(phc, 'correct horse')).resolves.toBe(false);
    },
  );

  it.each([
    ['ln=21 (2 GiB at r=8)', 'ln=21,r=8,p=1'],
    ['ln=20 at r=8 (1 GiB)', 'ln=20,r=8,p=1'],
    ['a huge r', 'ln=10,r=100000,p=1'],
    ['a huge p', 'ln=15,r=8,p=64'],
    ['ln with 4 digits', 'ln=1000,r=8,p=1'],
  ])('refuses hostile scrypt costs without running them: %s', async (_name, params) => {
    const phc = `$scrypt$${params}$WfTvCtK90DuEPr6YnaSzWg$xH71upHd06oqQbZXgE9qOQmgudvOiLth86z9p31s9pk`;
    const started = performance.now();
    await expect(hasher.verify(phc, 'secret')).resolves.toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('verifies with the parameters the hash names, not the defaults', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('correct horse', salt, 24, { N: 2 ** 10, r: 4, p: 2 });
    const phc = `$scrypt$ln=10,r=4,p=2$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`;
    expect(await hasher.verify(phc, 'correct horse')).toBe(true);
    expect(await hasher.verify(phc.replace('p=2', 'p=1'), 'correct horse')).toBe(false);
  });

  it('refuses hostile argon2 memory costs', async () => {
    const phc = await argon2Hash('correct horse', { memoryCost: 8192, timeCost: 1 });
    const hostile = phc.replace('m=8192', 'm=4194304');
    await expect(hasher.verify(hostile, 'correct horse')).resolves.toBe(false);
  });
});
