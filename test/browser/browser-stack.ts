import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { parse } from 'yaml';
import { parseExposition } from '../unit/api/ops/metrics-fixtures.js';
import { freePort } from '../helpers/free-port.js';
import type { RedisTarget } from '../helpers/redis-targets.js';
import { uniqueKeyPrefix } from '../helpers/redis-env.js';
import { writeTempConfig, type SpawnedGateway } from '../helpers/spawn-gateway.js';
import { spawnServingPages } from './spawn-serving-pages.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A gatehouse process as `npm start` runs it (shipped routes, demo upstream, demo users). */
export interface BrowserStack {
  /** `http://127.0.0.1:<port>`: the pages' origin, the token issuer and the one CORS origin. */
  origin: string;
  /** The demo SPA, through the shipped public route `/app/*` to the demo upstream. */
  spaUrl: string;
  /** The admin console. */
  consoleUrl: string;
  /** An admin API key whose SHA-256 is in the config. */
  adminKey: string;
  gateway: SpawnedGateway;
  /** Refresh-token rotations the store has seen (`rotateRefresh` calls, from GET /metrics). */
  rotations(): Promise<number>;
  close(): Promise<void>;
}

/** What a test changes in the shipped config. */
export interface BrowserStackOptions {
  redis: RedisTarget;
  /** `tokens.accessTtl`, e.g. '5s'. */
  accessTtl: string;
  /** `tokens.clockTolerance` (shipped: the default, 5s). */
  clockTolerance?: string;
}

type Json = Record<string, unknown>;

/** The parts of config/gatehouse.yaml the stack reads. */
interface ShippedConfig extends Json {
  server?: Json;
  tokens?: Json;
  sessions?: Json & { cookie?: Json };
  demo: { upstreamPort: number };
  routes: Array<Json & { upstream?: string; policy?: string; match?: { path?: string } }>;
}

/**
 * config/gatehouse.yaml with its ports, origin, store and admin key replaced: the routes, the demo
 * upstream and the demo users stay those `npm start` serves, so the tests break when they do.
 */
function configFor(o: {
  shipped: ShippedConfig;
  port: number;
  upstreamPort: number;
  dataDir: string;
  store: object;
  adminSha256: string;
  options: BrowserStackOptions;
}): Json {
  const { shipped, port, upstreamPort, options } = o;
  const origin = `http://127.0.0.1:${port}`;
  const shippedUpstream = `http://127.0.0.1:${shipped.demo.upstreamPort}`;
  const routes = shipped.routes.map((route) =>
    route.upstream === shippedUpstream
      ? { ...route, upstream: `http://127.0.0.1:${upstreamPort}` }
      : route,
  );
  if (!routes.some((route) => route.match?.path === '/app/*' && route.policy === 'public')) {
    throw new Error('config/gatehouse.yaml has no public route for /app/* (the demo SPA)');
  }
  return {
    ...shipped,
    server: { ...shipped.server, host: '127.0.0.1', port, workers: 1, dataDir: o.dataDir },
    store: o.store,
    tokens: {
      ...shipped.tokens,
      issuer: origin,
      accessTtl: options.accessTtl,
      ...(options.clockTolerance ? { clockTolerance: options.clockTolerance } : {}),
    },
    // Plain HTTP on loopback: the cookie drops Secure and the __Host- prefix.
    sessions: {
      ...shipped.sessions,
      cookie: { ...shipped.sessions?.cookie, insecureDevMode: true },
    },
    cors: { allowedOrigins: [origin] },
    admin: { keys: [{ name: 'browser-tests', sha256: o.adminSha256 }] },
    metrics: { enabled: true },
    demo: { upstreamPort },
    routes,
  };
}

/** Starts gatehouse on the shared Redis (a key prefix of its own, deleted by close()). */
export async function startBrowserStack(options: BrowserStackOptions): Promise<BrowserStack> {
  const shipped = parse(readFileSync(join(ROOT, 'config/gatehouse.yaml'), 'utf8')) as ShippedConfig;
  const [port, upstreamPort] = [await freePort(), await freePort()];
  const keyPrefix = uniqueKeyPrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-browser-'));
  const adminKey = `gha_${randomBytes(32).toString('base64url')}`;
  const config = configFor({
    shipped,
    port,
    upstreamPort,
    dataDir,
    store: options.redis.storeConfig(keyPrefix),
    adminSha256: createHash('sha256').update(adminKey).digest('hex'),
    options,
  });
  // JSON is YAML.
  const gateway = await spawnServingPages(writeTempConfig(JSON.stringify(config, null, 2)));
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    spaUrl: `${origin}/app/`,
    consoleUrl: `${origin}/admin/ui/`,
    adminKey,
    gateway,
    async rotations() {
      const answer = await fetch(`${origin}/metrics`);
      const text = await answer.text();
      if (answer.status !== 200) throw new Error(`GET /metrics answered ${answer.status}: ${text}`);
      return parseExposition(text).value('gatehouse_store_operation_duration_seconds_count', {
        operation: 'rotateRefresh',
      });
    },
    async close() {
      await gateway.stop();
      await options.redis.deleteKeys(keyPrefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts one stack for the test file (closed after it); the getter returns it inside tests. */
export function useBrowserStack(options: BrowserStackOptions): () => BrowserStack {
  let stack: BrowserStack | undefined;
  beforeAll(async () => {
    stack = await startBrowserStack(options);
  }, 60_000);
  afterAll(() => stack?.close(), 30_000);
  return () => {
    if (!stack) throw new Error('the browser stack did not start (see the beforeAll error)');
    return stack;
  };
}
