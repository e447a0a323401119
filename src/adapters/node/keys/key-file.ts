import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import type { JWK } from 'jose';
import { z } from 'zod';
import { formatIssues } from '../../../config/format-issues.js';
import type { GatehouseConfig } from '../../../config/schema.js';

/** Dates of one key in a generated key file (absent in hand-written files). */
const keyMetaSchema = z.object({
  createdAt: z.number().int().nonnegative(),
  retiredAt: z.number().int().nonnegative().nullable(),
});

// Only the shape is checked here; createKeyring checks each key's type, alg and material.
const keyFileSchema = z.object({
  /** Bumped by every rotation written by gatehouse; hand-written files may leave it out. */
  version: z.number().int().positive().optional(),
  keys: z
    .array(
      z.looseObject({
        kty: z.string().min(1),
        kid: z.string().min(1).optional(),
        alg: z.string().optional(),
      }),
    )
    .min(1),
  /** By kid: when each key was made and retired, so rotation knows when to prune it. */
  meta: z.record(z.string(), keyMetaSchema).optional(),
});

/** A key file `{"keys": [<private JWK>, ...]}` (first = active) and what gatehouse adds to it. */
export type KeyFileContent = z.output<typeof keyFileSchema> & { keys: JWK[] };

/**
 * Reads, parses and writes signing key files. Errors name the file or variable, never key
 * material (JSON.parse and zod messages may quote it, so neither is passed on verbatim).
 */
export const keyFile = {
  /** The parsed key set in `text`; `where` names its origin in errors. */
  parse(text: string, where: string): KeyFileContent {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${where} is not valid JSON (expected {"keys": [<private JWK>, ...]})`);
    }
    const result = keyFileSchema.safeParse(json);
    if (!result.success) {
      throw new Error(
        `${where} is not a key set {"keys": [<private JWK>, ...]}: ${formatIssues(result.error.issues).join('; ')}`,
      );
    }
    return result.data as KeyFileContent;
  },

  /** The key file at `path`; undefined when it does not exist. */
  async read(path: string): Promise<KeyFileContent | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw new Error(`cannot read signing keys file ${path} (${errorCode(error)})`);
    }
    return keyFile.parse(text, `signing keys file ${path}`);
  },

  /**
   * Writes the file atomically (temp file + link/rename), mode 0600. `create` keeps an existing
   * file and returns false; `replace` overwrites. True when this call's content is in place.
   */
  async write(path: string, content: KeyFileContent, mode: 'create' | 'replace'): Promise<boolean> {
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const linked = mode === 'create' ? await linkUnlessExists(temp, path) : 'unsupported';
      if (linked === 'unsupported') await rename(temp, path);
      return linked !== 'exists';
    } catch (error) {
      throw new Error(`cannot write signing keys file ${path} (${errorCode(error)})`);
    } finally {
      await unlink(temp).catch(() => {});
    }
  },
};

/** Hard-links temp → path unless path exists; `unsupported` where hard links are not available. */
async function linkUnlessExists(
  temp: string,
  path: string,
): Promise<'linked' | 'exists' | 'unsupported'> {
  try {
    await link(temp, path);
    return 'linked';
  } catch (error) {
    return errorCode(error) === 'EEXIST' ? 'exists' : 'unsupported';
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

/** The key sources gatehouse only reads. */
type ReadOnlySource = Extract<GatehouseConfig['tokens']['keys'], { source: 'file' | 'env' }>;

/**
 * The private JWKs (first = active) of a key set managed outside gatehouse: a JSON file
 * `{"keys": [...]}` or the same JSON in an environment variable. Errors name the file or variable,
 * never key material.
 */
export async function loadSigningKeys(
  source: ReadOnlySource,
  env: Record<string, string | undefined>,
): Promise<JWK[]> {
  if (source.source === 'file') {
    const content = await keyFile.read(source.path);
    if (content === undefined) throw new Error(`signing keys file ${source.path} does not exist`);
    return content.keys;
  }
  const text = env[source.variable];
  if (text === undefined || text.trim() === '') {
    throw new Error(`environment variable ${source.variable} (signing keys) is not set`);
  }
  return keyFile.parse(text, `environment variable ${source.variable}`).keys;
}
