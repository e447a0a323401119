import { z } from 'zod';
import { contextKeyProblems } from './context-key-problems.js';
import { durationMs, httpUrl, scopeList, sizeBytes } from './primitives.js';
import { routeSchema } from './route-schema.js';

const serverSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Worker processes (node:cluster); `auto` = one per core. */
  workers: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
  /** Trust X-Forwarded-* and X-Forwarded-Uri from the peer (behind a proxy you run). */
  trustProxy: z.boolean().default(false),
  /** Limit for bodies the gateway itself reads (login, admin, context). */
  bodyLimit: sizeBytes.prefault('1mb'),
  /** Where generated signing keys are kept across restarts. */
  dataDir: z.string().min(1).default('./data'),
  /** Log one line per request. */
  accessLog: z.boolean().default(true),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  timeouts: z
    .strictObject({
      /** Default upstream timeout for routes without their own. */
      upstream: durationMs.prefault('30s'),
      /** Node's headersTimeout for incoming requests. */
      headers: durationMs.prefault('10s'),
      /** Total time a body the gateway reads itself (login, refresh, context, admin) may take. */
      body: durationMs.prefault('10s'),
      /** Longest pause in a proxied body, either direction, before the exchange is aborted. */
      bodyIdle: durationMs.prefault('60s').pipe(z.number().min(1, 'Must be more than 0')),
      /** Idle keep-alive for client connections. */
      keepAlive: durationMs.prefault('5s'),
      /** How long SIGTERM waits for in-flight requests. */
      shutdownGrace: durationMs.prefault('10s'),
    })
    .prefault({}),
});

// Braces would break the Redis Cluster hash tags that keep one session's keys in one slot.
const keyPrefix = z
  .string()
  .regex(/^[^{}\s]*$/, 'Must not contain braces or spaces')
  .default('gh:');

const redisUrl = z.url({ protocol: /^rediss?$/, error: 'Invalid URL (redis:// or rediss://)' });
const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'Must be host:port');

const storeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory'), keyPrefix }),
  /** One Redis server (user, password and TLS in the URL). */
  z.strictObject({ kind: z.literal('redis'), url: redisUrl, keyPrefix }),
  /** A Redis Cluster: seed nodes (any few masters or replicas); credentials and TLS from the URLs. */
  z.strictObject({
    kind: z.literal('cluster'),
    nodes: z
      .array(
        redisUrl.refine(
          (url) => ['', '/', '/0'].includes(new URL(url).pathname),
          'Must not name a database: a Redis Cluster has only db 0',
        ),
      )
      .min(1),
    keyPrefix,
  }),
  /** A primary found through Redis Sentinel; follows failovers. */
  z.strictObject({
    kind: z.literal('sentinel'),
    /** The primary's name as the sentinels know it (`sentinel monitor <name> ...`). */
    name: z.string().min(1),
    sentinels: z.array(hostPort).min(1),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    sentinelUsername: z.string().min(1).optional(),
    sentinelPassword: z.string().min(1).optional(),
    db: z.number().int().min(0).default(0),
    /** TLS to the primary and to the sentinels. */
    tls: z.boolean().default(false),
    keyPrefix,
  }),
]);

/** The store settings of a Redis-backed store (every kind but memory). */
export type RedisStoreConfig = Exclude<GatehouseConfig['store'], { kind: 'memory' }>;

const keysSchema = z.discriminatedUnion('source', [
  /** Generated on first start and kept in `server.dataDir`. */
  z.strictObject({ source: z.literal('generate') }),
  /** A JSON file holding `{ "keys": [<private JWK>, ...] }`; the first is active. */
  z.strictObject({ source: z.literal('file'), path: z.string().min(1) }),
  /** The same JSON in an environment variable. */
  z.strictObject({
    source: z.literal('env'),
    variable: z.string().default('GATEHOUSE_SIGNING_KEYS'),
  }),
  /** Kept in the session store, shared by every instance: rotation reaches them all. */
  z.strictObject({ source: z.literal('store') }),
]);

const tokensSchema = z.strictObject({
  issuer: httpUrl.default('http://localhost:8080'),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default('gatehouse'),
  accessTtl: durationMs
    .prefault('5m')
    .pipe(z.number().min(1000, 'Must be at least 1s').max(86_400_000, 'Must be at most 1d')),
  algorithm: z.enum(['ES256', 'EdDSA', 'RS256']).default('ES256'),
  clockTolerance: durationMs.prefault('5s'),
  keys: keysSchema.prefault({ source: 'generate' }),
  /** Entries in the verified-token cache (0 disables it). */
  verifiedCacheSize: z.number().int().min(0).default(10_000),
});

const cookieSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('gatehouse-refresh'),
  /** Plain-HTTP local development only: drops Secure and the __Host- prefix. */
  insecureDevMode: z.boolean().default(false),
});

const sessionsSchema = z.strictObject({
  idleTtl: durationMs.prefault('30m'),
  absoluteTtl: durationMs.prefault('7d'),
  refreshReuseGrace: durationMs.prefault('10s'),
  cookie: cookieSchema.prefault({}),
  /** Allow `{"refresh_token_in_body": true}` on login/refresh. */
  allowRefreshTokenInBody: z.boolean().default(false),
  contextMaxBytes: sizeBytes.prefault('64kb'),
  /** Largest X-Auth-Context header (base64url of the context JSON) sent on `context` routes. */
  contextHeaderMaxBytes: sizeBytes.prefault('8kb'),
  requireIfMatch: z.boolean().default(false),
  contextEncryption: z
    .strictObject({
      /** The first key encrypts; all decrypt. Each key is 32 bytes, base64url. */
      keys: z
        .array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]+$/), key: z.string() }))
        .superRefine((keys, ctx) => {
          for (const { index, field, message } of contextKeyProblems(keys)) {
            ctx.addIssue({ code: 'custom', path: [index, field], message });
          }
        })
        .default([]),
    })
    .prefault({}),
});

const identitySourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('users-file'), path: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('webhook'),
    url: httpUrl,
    /** Sent as `X-Gatehouse-Secret`; use ${ENV_VAR} interpolation for it. */
    secret: z.string().min(16, 'Must be at least 16 characters'),
    timeout: durationMs.prefault('5s'),
  }),
]);

const identitySchema = z.strictObject({
  sources: z.array(identitySourceSchema).default([]),
  /** Scope granted when the source names none. */
  defaultScope: scopeList.prefault([]),
});

const adminSchema = z.strictObject({
  /** SHA-256 (hex) of each admin API key; the keys themselves never sit in config. */
  keys: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Must be 64 hex digits'),
      }),
    )
    .default([]),
  scope: z.string().min(1).default('gatehouse:admin'),
  /** Serve /admin on its own listener instead of the main port. */
  port: z.number().int().min(0).max(65535).optional(),
  /** Address of that listener (default `server.host`), e.g. 127.0.0.1 or an internal interface. */
  host: z.string().min(1).optional(),
});

const revocationSchema = z.strictObject({
  mode: z.enum(['mirror', 'lookup']).default('mirror'),
  maxStaleness: durationMs.prefault('5s'),
});

/**
 * An origin as browsers send it (RFC 6454 §6.1): `scheme://host[:port]` (a trailing `/` and a
 * default port are tolerated). A value without a scheme (`localhost:3000`, which URL parsing reads
 * as scheme `localhost:`), with a path, query or credentials could never equal an `Origin` header.
 */
const origin = z.string().refine((text) => {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  const bare = !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash;
  return /^https?:$/.test(url.protocol) && bare && /^https?:\/\//i.test(text);
}, 'Must be an origin: http(s)://host[:port], with no path (e.g. https://app.example.com)');

const corsSchema = z.strictObject({
  allowedOrigins: z.array(origin).default([]),
});

const rateLimitRule = z.strictObject({ limit: z.number().int().min(1), window: durationMs });
const rateLimitSchema = z.strictObject({
  login: z
    .strictObject({
      /** Every attempt from one client address. */
      perIp: rateLimitRule.prefault({ limit: 20, window: '1m' }),
      /** Failed attempts at one username from one client address: the strict limit. */
      perUsernameAndAddress: rateLimitRule.prefault({ limit: 5, window: '1m' }),
      /** Failed attempts at one username from all addresses: higher, slows a distributed guess. */
      perUsername: rateLimitRule.prefault({ limit: 30, window: '5m' }),
    })
    .prefault({}),
});

const metricsSchema = z.strictObject({
  /** Serve Prometheus metrics (and record them). */
  enabled: z.boolean().default(true),
  path: z
    .string()
    .regex(/^\/[A-Za-z0-9_.~/-]*$/, 'Must start with "/" and hold only letters, digits, "_.~/-"')
    .default('/metrics'),
  /** Serve the metrics only on this separate listener (e.g. an internal address). */
  port: z.number().int().min(0).max(65535).optional(),
  /** Address of that listener (default `server.host`). */
  host: z.string().min(1).optional(),
  /** SHA-256 (hex) of a bearer token scrapers must send; none needed when unset. */
  tokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'Must be 64 hex digits (the SHA-256 of the token)')
    .optional(),
  /** How long a count of active sessions is reused before a scrape counts again (a store SCAN). */
  activeSessionsInterval: durationMs.prefault('1m'),
});

const demoSchema = z.strictObject({
  /** Start the bundled echo upstream on this port (newcomer walk-through). */
  upstreamPort: z.number().int().min(1).max(65535).optional(),
});

/** The whole configuration file. Parsed once at start, then frozen. */
export const configSchema = z.strictObject({
  server: serverSchema.prefault({}),
  store: storeSchema.prefault({ kind: 'memory' }),
  tokens: tokensSchema.prefault({}),
  sessions: sessionsSchema.prefault({}),
  identity: identitySchema.prefault({}),
  admin: adminSchema.prefault({}),
  revocation: revocationSchema.prefault({}),
  cors: corsSchema.prefault({}),
  rateLimit: rateLimitSchema.prefault({}),
  metrics: metricsSchema.prefault({}),
  authPrefix: z
    .string()
    .regex(/^\/[A-Za-z0-9_/-]*[A-Za-z0-9_-]$/)
    .default('/auth'),
  demo: demoSchema.prefault({}),
  routes: z.array(routeSchema).default([]),
});

export type GatehouseConfig = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
