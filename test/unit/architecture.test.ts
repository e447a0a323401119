import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

// Keeps STYLE.md's import rules true: imports point one way, and runtime-specific packages stay
// in their adapters so the request pipeline runs on any Web-standard runtime.

const SRC = resolve(import.meta.dirname, '../../src');

/** Lower ranks sit deeper; a module may import only from its own rank or below. */
const RANKS: Array<[prefix: string, rank: number]> = [
  ['lib/', 0],
  ['errors/', 0],
  ['config/', 1],
  ['observability/', 1],
  ['store/', 2],
  ['tokens/', 2],
  ['identity/', 2],
  ['sessions/', 3],
  ['revocation/', 3],
  ['policy/', 4],
  ['proxy/', 4],
  ['deps.ts', 5],
  ['gateway-services.ts', 5],
  ['http/', 6],
  ['api/', 7],
  ['gateway.ts', 8],
  ['adapters/', 9],
  ['cli/', 10],
  ['main.ts', 10],
  // Browser code (the SPA client, the admin console, the demo SPA): its own island, see below.
  ['browser/', 11],
];

const NODE_ONLY = /^(node:|@hono\/node-server|undici$|undici\/)/;
// store/redis is Node-only already (ioredis) and reads its Lua scripts from files.
const NODE_PLACES = ['adapters/node/', 'cli/', 'main.ts', 'store/redis/'];
const EDGE_PLACES = ['http/', 'api/', 'gateway.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(text: string): string[] {
  const found = text.matchAll(
    /(?:^|[\n;])\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  );
  return [...found].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const rankOf = (path: string) => RANKS.find(([prefix]) => path.startsWith(prefix))?.[1];
const within = (path: string, places: string[]) => places.some((p) => path.startsWith(p));

const files = sourceFiles(SRC).map((file) => ({
  path: relative(SRC, file),
  imports: importsOf(readFileSync(file, 'utf8')),
}));

describe('architecture', () => {
  it('knows the layer of every source file', () => {
    expect(files.filter((f) => rankOf(f.path) === undefined).map((f) => f.path)).toEqual([]);
  });

  it('imports only downward', () => {
    const violations = files.flatMap(({ path, imports }) =>
      imports
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => relative(SRC, resolve(SRC, dirname(path), spec)).replace(/\.js$/, '.ts'))
        .filter((target) => rankOf(target)! > rankOf(path)!)
        .map((target) => `${path} -> ${target}`),
    );
    expect(violations).toEqual([]);
  });

  it('keeps node:*, @hono/node-server and undici in the Node adapter, main and cli', () => {
    const violations = files
      .filter((f) => !within(f.path, NODE_PLACES))
      .flatMap((f) => f.imports.filter((s) => NODE_ONLY.test(s)).map((s) => `${f.path}: ${s}`));
    expect(violations).toEqual([]);
  });

  it('keeps hono out of the core', () => {
    const violations = files
      .filter((f) => !within(f.path, [...EDGE_PLACES, ...NODE_PLACES]))
      .flatMap((f) => f.imports.filter((s) => /^hono(\/|$)/.test(s)).map((s) => `${f.path}: ${s}`));
    expect(violations).toEqual([]);
  });

  it('keeps browser code an island: it imports only browser code and nothing imports it', () => {
    const resolved = (path: string, spec: string) =>
      relative(SRC, resolve(SRC, dirname(path), spec)).replace(/\.js$/, '.ts');
    const violations = files.flatMap(({ path, imports }) => {
      const inBrowser = path.startsWith('browser/');
      return imports
        .filter((spec) =>
          inBrowser
            ? !spec.startsWith('.') || !resolved(path, spec).startsWith('browser/')
            : spec.startsWith('.') && resolved(path, spec).startsWith('browser/'),
        )
        .map((spec) => `${path}: ${spec}`);
    });
    expect(violations).toEqual([]);
  });

  it('keeps ioredis in store/redis', () => {
    const violations = files
      .filter((f) => !f.path.startsWith('store/redis/'))
      .flatMap((f) => f.imports.filter((s) => s === 'ioredis').map((s) => `${f.path}: ${s}`));
    expect(violations).toEqual([]);
  });
});
