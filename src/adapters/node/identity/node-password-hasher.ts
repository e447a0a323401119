import { hash as argon2Hash, parseOptions, verify as argon2Verify } from '@node-rs/argon2';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { formatPhc, readArgon2Phc, readScryptPhc } from '../../../identity/phc.js';
import type { PasswordHasher } from '../../../identity/identity-source.js';

// OWASP's scrypt baseline is N=2^17,r=8,p=1; 2^15 (32 MiB, ~60 ms) keeps logins quick on small hosts.
const DEFAULT = { ln: 15, r: 8, p: 1, saltBytes: 16, hashBytes: 32 } as const;

function scryptAsync(
  password: string,
  salt: Uint8Array,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions(ln: number, r: number, p: number): ScryptOptions {
  const n = 2 ** ln;
  // Node refuses when 128·N·r reaches maxmem (default 32 MiB, exactly our default's need).
  return { N: n, r, p, maxmem: 128 * n * r + 1024 * 1024 };
}

async function verifyScrypt(phc: string, password: string): Promise<boolean> {
  const parsed = readScryptPhc(phc);
  if (!parsed) return false;
  const options = scryptOptions(parsed.ln, parsed.r, parsed.p);
  const derived = await scryptAsync(password, parsed.salt, parsed.hash.length, options);
  return timingSafeEqual(derived, parsed.hash);
}

async function verifyArgon2(phc: string, password: string): Promise<boolean> {
  if (!readArgon2Phc(phc)) return false;
  return argon2Verify(phc, password);
}

async function hashScrypt(
  password: string,
  cost: { ln: number; r: number; p: number; saltBytes: number; hashBytes: number },
): Promise<string> {
  const salt = randomBytes(cost.saltBytes);
  const hash = await scryptAsync(
    password,
    salt,
    cost.hashBytes,
    scryptOptions(cost.ln, cost.r, cost.p),
  );
  const params = { ln: String(cost.ln), r: String(cost.r), p: String(cost.p) };
  return formatPhc({ id: 'scrypt', params, salt, hash });
}

/** scrypt (new hashes) and argon2 (verify, and dummies like a stored hash) over node:crypto and @node-rs/argon2. */
export const nodePasswordHasher: PasswordHasher = {
  hash: (password) => hashScrypt(password, DEFAULT),
  async hashLike(template, password) {
    const scrypt = readScryptPhc(template);
    if (scrypt) {
      const lengths = { saltBytes: scrypt.salt.length, hashBytes: scrypt.hash.length };
      return hashScrypt(password, { ...scrypt, ...lengths });
    }
    if (readArgon2Phc(template)) {
      const { saltLen, ...options } = parseOptions(template);
      return argon2Hash(password, { ...options, salt: randomBytes(saltLen) });
    }
    return hashScrypt(password, DEFAULT);
  },
  async verify(phc, password) {
    try {
      if (phc.startsWith('$scrypt$')) return await verifyScrypt(phc, password);
      if (phc.startsWith('$argon2')) return await verifyArgon2(phc, password);
      return false;
    } catch {
      // A hash that parses but that the primitive still rejects counts as garbled.
      return false;
    }
  },
};
