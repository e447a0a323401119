import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';
import { formatIssues } from '../../config/format-issues.js';
import type { GatehouseConfig } from '../../config/schema.js';
import { generateSigningKey } from '../../tokens/generate-signing-key.js';
import type { SigningAlgorithm } from '../../tokens/keyring.js';

/** Name of the generated key file inside `server.dataDir`. */
const KEY_FILE = 'signing-keys.json';

// Only the shape is checked here; createKeyring checks each key's type, alg and material.
const keyFileSchema = z.object({
  keys: z
    .array(
      z.looseObject({
        kty: z.string().min(1),
        kid: z.string().min(1).optional(),
        alg: z.string().optional(),
      }),
    )
    .min(1),
});

/**
 * The private JWKs the gateway signs with (first = active), from `tokens.keys.source`:
 * generated once and kept in `dataDir`, a JSON file, or an environment variable.
 * Errors name the file or variable, never key material.
 */
export async function loadSigningKeys(
  tokens: GatehouseConfig['tokens'],
  dataDir: string,
  env: Record<string, string | undefined>,
): Promise<JWK[]> {
  const source = tokens.keys;
  switch (source.source) {
    case 'generate':
      return loadGenerated(dataDir, tokens.algorithm);
    case 'file': {
      const keys = await readKeyFile(source.path);
      if (keys === undefined) throw new Error(`signing keys file ${source.path} does not exist`);
      return keys;
    }
    case 'env': {
      const text = env[source.variable];
      if (text === undefined || text.trim() === '') {
        throw new Error(`environment variable ${source.variable} (signing keys) is not set`);
      }
      return parseKeySet(text, `environment variable ${source.variable}`);
    }
  }
}

async function loadGenerated(dataDir: string, alg: SigningAlgorithm): Promise<JWK[]> {
  const file = join(dataDir, KEY_FILE);
  const stored = await readKeyFile(file);
  if (stored === undefined) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw new Error(`cannot create data directory ${dataDir} (${errorCode(error)})`);
    });
    await writeKeyFile(file, [await generateSigningKey(alg)], 'create');
    // Several workers may start at once: the first file written wins and everyone reads it.
    const created = await readKeyFile(file);
    if (created === undefined)
      throw new Error(`signing keys file ${file} vanished after it was written`);
    return created;
  }
  if (stored[0]!.alg === alg) return stored;
  // tokens.algorithm changed: sign with a new key, keep the old ones verifying after it.
  const rotated = [await generateSigningKey(alg), ...stored];
  await writeKeyFile(file, rotated, 'replace');
  return rotated;
}

/** The keys in a JSON key file; undefined when the file does not exist. */
async function readKeyFile(path: string): Promise<JWK[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new Error(`cannot read signing keys file ${path} (${errorCode(error)})`);
  }
  return parseKeySet(text, `signing keys file ${path}`);
}

function parseKeySet(text: string, where: string): JWK[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input, which here is private key material.
    throw new Error(`${where} is not valid JSON (expected {"keys": [<private JWK>, ...]})`);
  }
  const result = keyFileSchema.safeParse(json);
  if (!result.success) {
    throw new Error(
      `${where} is not a key set {"keys": [<private JWK>, ...]}: ${formatIssues(result.error.issues).join('; ')}`,
    );
  }
  return result.data.keys as JWK[];
}

/** Writes the key file atomically (temp file + link/rename), mode 0600; `create` keeps an existing file. */
async function writeKeyFile(path: string, keys: JWK[], mode: 'create' | 'replace'): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify({ keys }, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode === 'replace' || !(await linkUnlessExists(temp, path))) await rename(temp, path);
  } catch (error) {
    throw new Error(`cannot write signing keys file ${path} (${errorCode(error)})`);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** Hard-links temp → path unless path exists (both true); false where hard links are unsupported. */
async function linkUnlessExists(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    return errorCode(error) === 'EEXIST';
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}
