import type { JWK } from 'jose';
import type { GatehouseConfig } from '../../config/schema.js';
import { keyFile } from './key-file.js';

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
