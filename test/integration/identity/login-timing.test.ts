import { hash as argon2Hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { nodePasswordHasher } from '../../../src/adapters/node/identity/node-password-hasher.js';
import { formatPhc } from '../../../src/identity/phc.js';
import { createUsersFileSource } from '../../../src/identity/users-file-source.js';

// Issue #12 item 12: an unknown user must cost what a wrong password costs, whatever the users'
// hash settings, or usernames can be told apart by time. Samples alternate between the two so
// that load on a shared machine hits both alike; medians of few samples keep ln=17 bounded.

/** A scrypt PHC string of `password` with cost ln (r=8, p=1), made by the hasher under test. */
async function scryptHash(ln: number, password: string): Promise<string> {
  const params = { ln: String(ln), r: '8', p: '1' };
  const template = formatPhc({
    id: 'scrypt',
    params,
    salt: randomBytes(16),
    hash: randomBytes(32),
  });
  return nodePasswordHasher.hashLike(template, password);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const CASES: Array<[string, () => Promise<string>, number]> = [
  ['scrypt ln=13', () => scryptHash(13, 'pw-alice'), 9],
  ['scrypt ln=15', () => scryptHash(15, 'pw-alice'), 7],
  ['scrypt ln=17', () => scryptHash(17, 'pw-alice'), 5],
  // @node-rs/argon2's defaults: m=19456 (19 MiB), t=2, p=1, as `hash-password --argon2id`.
  ['argon2id', () => argon2Hash('pw-alice'), 9],
];

describe('users-file login timing', () => {
  it.each(CASES)(
    '%s: an unknown user takes as long as a wrong password (medians within 1.5×)',
    async (_, makeHash, samples) => {
      const phc = await makeHash();
      const yaml = `users:\n  - username: alice\n    password: '${phc}'\n`;
      const source = await createUsersFileSource(yaml, nodePasswordHasher, []);
      const wrong: number[] = [];
      const unknown: number[] = [];
      await source.authenticate('nobody', 'warm-up');
      for (let i = 0; i < samples; i++) {
        wrong.push(await timed(() => source.authenticate('alice', `wrong-${i}`)));
        unknown.push(await timed(() => source.authenticate(`nobody-${i}`, 'pw-alice')));
      }
      const ratio = median(unknown) / median(wrong);
      expect(ratio, `unknown ${median(unknown)} ms vs wrong ${median(wrong)} ms`).toBeLessThan(1.5);
      expect(ratio).toBeGreaterThan(1 / 1.5);
    },
    30_000,
  );
});
