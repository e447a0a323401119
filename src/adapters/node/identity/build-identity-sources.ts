import { resolve } from 'node:path';
import type { GatehouseConfig } from '../../../config/schema.js';
import {
  IdentityConfigError,
  type IdentitySource,
  type PasswordHasher,
} from '../../../identity/identity-source.js';
import { createUsersFileSource } from '../../../identity/users-file-source.js';
import { createWebhookSource } from '../../../identity/webhook-source.js';

/** I/O the identity sources need, injected so tests and the CLI can supply their own. */
export interface IdentitySourceIo {
  readFile(path: string): Promise<string>;
  fetch: typeof fetch;
  hasher: PasswordHasher;
}

async function usersFile(
  path: string,
  defaultScope: readonly string[],
  io: Pick<IdentitySourceIo, 'readFile' | 'hasher'>,
  label: string,
) {
  const file = resolve(process.cwd(), path);
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new IdentityConfigError([
      `${label}: cannot read users file ${file}${typeof code === 'string' ? ` (${code})` : ''}`,
    ]);
  }
  try {
    return await createUsersFileSource(text, io.hasher, defaultScope);
  } catch (error) {
    if (!(error instanceof IdentityConfigError)) throw error;
    throw new IdentityConfigError(
      error.problems.map((problem) => `${label} (${file}): ${problem}`),
    );
  }
}

/**
 * The configured login sources, in config order. Users files resolve against the working
 * directory; problems are reported as IdentityConfigError naming the source and the file.
 */
export async function buildIdentitySources(
  config: GatehouseConfig,
  io: IdentitySourceIo,
): Promise<IdentitySource[]> {
  const sources: IdentitySource[] = [];
  for (const [index, source] of config.identity.sources.entries()) {
    const label = `identity.sources[${index}]`;
    if (source.kind === 'users-file') {
      sources.push(await usersFile(source.path, config.identity.defaultScope, io, label));
    } else {
      sources.push(
        createWebhookSource(
          { url: source.url, secret: source.secret, timeoutMs: source.timeout },
          io.fetch,
        ),
      );
    }
  }
  return sources;
}

// Validation only: the users' hashes are checked for shape and cost, never computed.
const checkOnlyHasher: PasswordHasher = {
  hash: async () => '',
  hashLike: async () => '',
  verify: async () => false,
};

/**
 * Every problem start-up would find in the files the identity sources name (users files read and
 * checked, no hash computed), as `identity.sources[i]...: message` lines. Only reads files.
 */
export async function identityFileProblems(
  identity: GatehouseConfig['identity'],
  readFile: (path: string) => Promise<string>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, source] of identity.sources.entries()) {
    if (source.kind !== 'users-file') continue;
    const label = `identity.sources[${index}].path`;
    try {
      await usersFile(
        source.path,
        identity.defaultScope,
        { readFile, hasher: checkOnlyHasher },
        label,
      );
    } catch (error) {
      if (!(error instanceof IdentityConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  return problems;
}
