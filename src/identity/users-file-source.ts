import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../config/format-issues.js';
import { scopeList, subject } from '../config/primitives.js';
import { randomToken } from '../lib/crypto.js';
import { claimsSchema } from './claims-schema.js';
import {
  IdentityConfigError,
  type AuthenticatedIdentity,
  type IdentitySource,
  type PasswordHasher,
} from './identity-source.js';
import { parsePhc, readArgon2Phc, readScryptPhc } from './phc.js';

const phcHash = z
  .string()
  .refine(
    (text) => readScryptPhc(text) !== undefined || readArgon2Phc(text) !== undefined,
    'Expected a scrypt or argon2 PHC hash within cost limits (make one with `gatehouse hash-password`)',
  );

const userSchema = z.strictObject({
  // The sub when `sub` is absent, so it obeys the same rule.
  username: subject.max(256),
  password: phcHash,
  sub: subject.optional(),
  scope: scopeList.optional(),
  claims: claimsSchema.optional(),
});

const fileSchema = z.strictObject({ users: z.array(userSchema) }).superRefine(({ users }, ctx) => {
  const seen = new Map<string, number>();
  users.forEach((user, index) => {
    const first = seen.get(user.username);
    if (first === undefined) {
      seen.set(user.username, index);
      return;
    }
    const message = `Duplicate of users[${first}]`;
    ctx.addIssue({ code: 'custom', path: ['users', index, 'username'], message });
  });
});

interface StoredUser {
  phc: string;
  identity: AuthenticatedIdentity;
}

function parseUsers(yamlText: string, defaultScope: readonly string[]): Map<string, StoredUser> {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw new IdentityConfigError([`(file): ${(error as Error).message.split('\n')[0]}`]);
  }
  const result = fileSchema.safeParse(raw);
  if (!result.success) throw new IdentityConfigError(formatIssues(result.error.issues));
  const users = new Map<string, StoredUser>();
  for (const user of result.data.users) {
    const identity = {
      sub: user.sub ?? user.username,
      scope: user.scope ?? [...defaultScope],
      claims: user.claims ?? {},
    };
    users.set(user.username, { phc: user.password, identity });
  }
  return users;
}

/**
 * The hash whose cost (algorithm, version, parameters, salt and hash lengths) the most users share;
 * on a tie, the one that reached that count first; undefined for an empty file.
 */
function commonestCost(hashes: readonly string[]): string | undefined {
  const byCost = new Map<string, { example: string; count: number }>();
  let best: { example: string; count: number } | undefined;
  for (const phc of hashes) {
    const parsed = parsePhc(phc);
    if (!parsed) continue;
    const { salt, hash, ...cost } = parsed;
    const key = JSON.stringify([cost, salt?.length, hash?.length]);
    const entry = byCost.get(key) ?? { example: phc, count: 0 };
    entry.count++;
    byCost.set(key, entry);
    if (!best || entry.count > best.count) best = entry;
  }
  return best?.example;
}

/**
 * Login against a YAML list of users with scrypt/argon2 PHC hashes. Usernames match exactly
 * (case-sensitive, no normalisation). Throws IdentityConfigError naming each bad entry's path.
 */
export async function createUsersFileSource(
  yamlText: string,
  hasher: PasswordHasher,
  defaultScope: readonly string[],
): Promise<IdentitySource> {
  const users = parseUsers(yamlText, defaultScope);
  // Unknown users are checked against this, so they cost what a wrong password costs: the same
  // algorithm and parameters as the users' hashes (the most common ones when they differ).
  const template = commonestCost([...users.values()].map((user) => user.phc));
  const password = randomToken(24);
  const dummyPhc = template
    ? await hasher.hashLike(template, password)
    : await hasher.hash(password);
  return {
    async authenticate(username, password) {
      const user = users.get(username);
      const ok = await hasher.verify(user?.phc ?? dummyPhc, password);
      return ok && user ? structuredClone(user.identity) : null;
    },
  };
}
