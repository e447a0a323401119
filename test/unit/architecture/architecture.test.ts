import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ALLOWED, cycleIn, type SourceFile, violations } from './architecture-rules.js';

// Keeps README "Layout" true: imports follow the allowed edges between layers (no cycles), the
// store contracts stay apart from their backends, runtime-specific packages stay in their
// adapters, and the portable core compiles without Node's types. Each rule is also fed a tree
// with one violation, to prove it would catch it.

const ROOT = resolve(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const tree: SourceFile[] = sourceFiles(SRC).map((file) => ({
  path: relative(SRC, file),
  text: readFileSync(file, 'utf8'),
}));

/** The violations of the real tree plus one injected file: only what that file breaks. */
const injected = (path: string, text: string) => violations([...tree, { path, text }]);

describe('architecture', () => {
  it('the real tree keeps every rule', () => {
    expect(violations(tree)).toEqual([]);
  });

  it('the allowed layer graph is acyclic, and a cycle in it is reported', () => {
    expect(cycleIn(ALLOWED)).toEqual([]);
    const looped = { ...ALLOWED, lib: ['errors'], errors: ['lib'] };
    expect(violations(tree, looped)[0]).toMatch(
      /cycle: (lib -> errors -> lib|errors -> lib -> errors)/,
    );
  });

  it.each([
    [
      'store/zz.ts',
      "import { x } from '../tokens/sign-access-token.js';",
      'store may not import tokens',
    ],
    ['lib/zz.ts', "import { x } from '../errors/errors.js';", 'lib may not import errors'],
    [
      'policy/zz.ts',
      "import type { X } from '../proxy/forward-upstream.js';",
      'policy may not import proxy',
    ],
    [
      'sessions/zz.ts',
      "import { redisKeys } from '../store/redis/keys.js';",
      'sessions may not import store/redis',
    ],
    [
      'store/zz.ts',
      "export { createMemoryStore } from './memory/memory-store.js';",
      'store may not import store/memory',
    ],
    [
      'api/zz.ts',
      "import { createRedisStore } from '../store/redis/redis-store.js';",
      'api may not import store/redis',
    ],
    [
      'tokens/zz.ts',
      "const m = await import('../api/admin/admin-routes.js');",
      'tokens may not import api',
    ],
  ])('refuses an edge that is not allowed: %s', (path, text, reason) => {
    expect(injected(path, text)).toEqual([expect.stringContaining(reason)]);
  });

  it.each([
    ['store/redis/zz.ts', "import { readFileSync } from 'node:fs';", 'Node-only'],
    ['proxy/zz.ts', "import { Pool } from 'undici';", 'Node-only'],
    ['http/zz.ts', "import { serve } from '@hono/node-server';", 'Node-only'],
    ['policy/zz.ts', "import { Hono } from 'hono';", 'hono in the core'],
    ['sessions/zz.ts', "import { Redis } from 'ioredis';", 'ioredis outside store/redis'],
    ['policy/zz.ts', 'export const url = process.env.GATEHOUSE_URL;', 'Node global'],
    ['context/zz.ts', "export const bytes = Buffer.from('x');", 'Node global'],
    ['api/zz.ts', 'export const load = (name: string) => import(name);', 'computed specifier'],
    ['browser/zz.ts', "import { x } from '../lib/crypto.js';", 'browser island'],
    ['lib/zz.ts', "import { x } from '../browser/client/index.js';", 'browser island'],
    ['browser/zz.ts', "import { z } from 'zod';", 'browser code imports only itself'],
    ['plugins/zz.ts', 'export const x = 1;', 'in no layer'],
  ])('refuses %s breaking a package or global rule', (path, text, reason) => {
    expect(injected(path, text)).toEqual([expect.stringContaining(reason)]);
  });

  it('ignores imports and globals that only a comment mentions', () => {
    const text =
      "// import { x } from '../api/a.js'; process.env.X\n/** Buffer.from */\nexport {};";
    expect(injected('lib/zz.ts', text)).toEqual([]);
  });

  describe('tsconfig.core.json: the portable core compiles with no Node types', () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.core.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const compile = (extra: Record<string, string> = {}) => {
      const host = ts.createCompilerHost(parsed.options);
      const readFile = host.readFile.bind(host);
      host.readFile = (name) => extra[name] ?? readFile(name);
      const fileExists = host.fileExists.bind(host);
      host.fileExists = (name) => name in extra || fileExists(name);
      const program = ts.createProgram(
        [...parsed.fileNames, ...Object.keys(extra)],
        parsed.options,
        host,
      );
      return ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    };

    it('covers the core and leaves the Node adapter, cli, main, store/redis and browser out', () => {
      const files = parsed.fileNames.map((name) => relative(SRC, name));
      expect(parsed.options.types).toEqual([]);
      expect(files).toContain('policy/routes/match-route.ts');
      expect(
        files.filter((f) => /^(adapters|cli|browser|store\/redis)\/|^main\.ts$/.test(f)),
      ).toEqual([]);
    });

    it('compiles the real core, and refuses process and Buffer in a core file', () => {
      expect(compile()).toEqual([]);
      const leak = join(SRC, 'policy', 'zz-leak.ts');
      const errors = compile({
        [leak]: "export const a = process.env.X;\nexport const b = Buffer.from('x');\n",
      });
      expect(errors).toEqual([
        expect.stringContaining("'process'"),
        expect.stringContaining("'Buffer'"),
      ]);
    }, 60_000);
  });
});
