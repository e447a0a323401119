import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { contentTypeOf, type StaticAsset, type StaticAssets } from '../../lib/static-assets.js';

// src/adapters/node (tsx) and dist/adapters/node (built) both sit three levels below the root.
const BUILT = resolve(import.meta.dirname, '../../../dist/browser');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Reads the built browser files (`npm run build:browser` → dist/browser) into memory once. None
 * when the folder is missing: the pages that need them then answer 503 saying how to build them.
 */
export function loadStaticAssets(dir = BUILT): StaticAssets {
  const files = new Map<string, StaticAsset>();
  let paths: string[] = [];
  try {
    paths = walk(dir);
  } catch {
    // not built
  }
  for (const path of paths) {
    const name = relative(dir, path).split('\\').join('/');
    files.set(name, { body: readFileSync(path), contentType: contentTypeOf(name) });
  }
  return { get: (path) => files.get(path) };
}
