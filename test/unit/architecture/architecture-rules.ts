import { dirname, relative, resolve } from 'node:path';

// The import rules of README "Layout", as data and pure checks: the test runs them on the real
// tree (no violation) and on trees with one injected violation each (exactly that one reported).

/** A source file as the rules see it: its path under src/ and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/**
 * Every layer, and the layers it may import from directly. Anything not listed is refused, so a
 * new edge is a decision written here; the graph must stay acyclic (no two layers import each
 * other, even through others). A folder's sub-folders belong to it, except the store backends,
 * which are layers of their own so that the contracts stay apart from them.
 */
export const ALLOWED: Record<string, readonly string[]> = {
  lib: [],
  errors: [],
  config: ['lib'],
  observability: ['lib'],
  store: ['errors', 'observability', 'lib'],
  'store/memory': ['store', 'lib'],
  'store/redis': ['store', 'config', 'observability', 'lib'],
  keys: ['store', 'observability', 'errors', 'lib'],
  tokens: ['keys', 'observability', 'errors', 'lib'],
  identity: ['tokens', 'config', 'errors', 'lib'],
  context: ['store', 'config', 'errors', 'lib'],
  'rate-limit': ['store', 'errors', 'lib'],
  revocation: ['store', 'observability', 'lib'],
  sessions: ['context', 'identity', 'revocation', 'tokens', 'store', 'errors', 'lib'],
  policy: ['context', 'revocation', 'tokens', 'store', 'config', 'observability', 'errors', 'lib'],
  // observability: the transports log what happens after the response started (idle bodies).
  proxy: ['policy', 'config', 'observability', 'errors', 'lib'],
  deps: [
    'proxy',
    'revocation',
    'identity',
    'keys',
    'tokens',
    'store',
    'config',
    'observability',
    'lib',
  ],
  'gateway-services': [
    'deps',
    'policy',
    'revocation',
    'context',
    'tokens',
    'store',
    'observability',
    // The default SecretCrypto (Web Crypto) when the deps bring none.
    'lib',
  ],
  http: ['proxy', 'policy', 'config', 'observability', 'errors', 'lib'],
  api: [
    'http',
    'gateway-services',
    'proxy',
    'policy',
    'sessions',
    'rate-limit',
    'revocation',
    'context',
    'identity',
    'keys',
    'tokens',
    'store',
    'config',
    'observability',
    'errors',
    'lib',
  ],
  gateway: ['api', 'http', 'gateway-services', 'deps', 'keys', 'store', 'observability', 'errors'],
  // The Node runtime: the composition of production deps, the only place that picks a backend.
  adapters: [
    'gateway',
    'deps',
    'proxy',
    // load-config-file reports the route rules compileRoutes enforces, with the config problems.
    'policy',
    'identity',
    'keys',
    // The node:crypto verifier plugs its signature step into the shared token pipeline.
    'tokens',
    'store',
    'store/memory',
    'store/redis',
    'config',
    'observability',
    'errors',
    'lib',
  ],
  cli: ['adapters', 'keys', 'config', 'observability', 'errors', 'lib'],
  main: ['adapters', 'observability'],
  // The SPA client, the admin console and the demo SPA: an island that imports nothing else.
  browser: [],
};

/** Where `node:*`, the Node server and undici may be imported. */
const NODE_ONLY = /^(node:|@hono\/node-server|undici$|undici\/)/;
const NODE_PLACES = ['adapters', 'cli', 'main'];
/** Where hono may be imported: the HTTP edge, not the core. */
const HONO_PLACES = ['http', 'api', 'gateway', 'adapters', 'cli', 'main'];
/** Node globals nothing outside the Node adapter, cli and main may name (see tsconfig.core.json). */
const NODE_GLOBALS =
  /\b(process\s*\.|Buffer\s*\.|require\s*\(|__dirname\b|__filename\b|setImmediate\s*\()/;

/** The layer a path under src/ belongs to, or undefined when it is in none. */
export function layerOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'store' && (parts[1] === 'memory' || parts[1] === 'redis')) {
    return `store/${parts[1]}`;
  }
  const name = parts.length === 1 ? parts[0]!.replace(/\.ts$/, '') : parts[0]!;
  return name in ALLOWED ? name : undefined;
}

// Comments never count: an example in a doc comment is not an import.
const stripComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** Every module specifier a file imports or re-exports, static or dynamic (literal only). */
export function importsOf(text: string): string[] {
  const found = stripComments(text).matchAll(
    /(?:^|[\n;])\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  );
  return [...found].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const resolved = (from: string, spec: string) =>
  relative('/src', resolve('/src', dirname(from), spec)).replace(/\.js$/, '.ts');

/** The layers whose edges form a cycle in `allowed`, or [] when it is acyclic. */
export function cycleIn(allowed: Record<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (layer: string, path: string[]): string[] => {
    if (state.get(layer) === 'done') return [];
    if (state.get(layer) === 'open') return [...path.slice(path.indexOf(layer)), layer];
    state.set(layer, 'open');
    for (const next of allowed[layer] ?? []) {
      const cycle = visit(next, [...path, layer]);
      if (cycle.length > 0) return cycle;
    }
    state.set(layer, 'done');
    return [];
  };
  for (const layer of Object.keys(allowed)) {
    const cycle = visit(layer, []);
    if (cycle.length > 0) return cycle;
  }
  return [];
}

/** Every broken rule in `files`, one line each; [] when the tree keeps them all. */
export function violations(
  files: readonly SourceFile[],
  allowed: Record<string, readonly string[]> = ALLOWED,
): string[] {
  const out: string[] = [];
  const cycle = cycleIn(allowed);
  if (cycle.length > 0) out.push(`allowed layers form a cycle: ${cycle.join(' -> ')}`);
  for (const { path, text } of files) {
    const layer = layerOf(path);
    if (layer === undefined) {
      out.push(`${path}: in no layer (add its folder to ALLOWED)`);
      continue;
    }
    const code = stripComments(text);
    if (/\bimport\(\s*[^'"\s)]/.test(code)) {
      out.push(`${path}: import() of a computed specifier hides an edge`);
    }
    if (!NODE_PLACES.includes(layer) && NODE_GLOBALS.test(code)) {
      out.push(`${path}: a Node global in portable code`);
    }
    for (const spec of importsOf(text)) {
      if (spec.startsWith('.')) {
        const target = resolved(path, spec);
        const targetLayer = layerOf(target);
        const inBrowser = layer === 'browser' || targetLayer === 'browser';
        if (targetLayer === undefined) out.push(`${path} -> ${target}: in no layer`);
        else if (inBrowser && layer !== targetLayer)
          out.push(`${path} -> ${target}: browser island`);
        else if (targetLayer !== layer && !allowed[layer]!.includes(targetLayer)) {
          out.push(`${path} -> ${target}: ${layer} may not import ${targetLayer}`);
        }
        continue;
      }
      if (layer === 'browser') out.push(`${path}: ${spec}: browser code imports only itself`);
      else if (NODE_ONLY.test(spec) && !NODE_PLACES.includes(layer)) {
        out.push(`${path}: ${spec}: Node-only outside the Node adapter, cli and main`);
      } else if (/^hono(\/|$)/.test(spec) && !HONO_PLACES.includes(layer)) {
        out.push(`${path}: ${spec}: hono in the core`);
      } else if (spec === 'ioredis' && layer !== 'store/redis') {
        out.push(`${path}: ioredis outside store/redis`);
      }
    }
  }
  return out;
}
