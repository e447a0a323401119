import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnGateway, writeTempConfig, type SpawnedGateway } from '../../helpers/spawn-gateway.js';

const USERS = resolve(import.meta.dirname, '../../../config/users.yaml');

/** Two gatehouse processes sharing one Redis key space, and the admin API key both accept. */
export interface GatewayPair {
  a: SpawnedGateway;
  b: SpawnedGateway;
  /** `Authorization` header value for the admin API. */
  adminAuthorization: string;
  stop(): Promise<void>;
}

/** What both processes are configured with. */
export interface PairOptions {
  redisUrl: string;
  keyPrefix: string;
  /** Origin of the upstream behind the `session` route `/account/*`. */
  upstream: string;
  logLevel?: string;
}

/** An admin API key (`gha_` + 256 bits, base64url) and the SHA-256 hex config holds. */
function adminKey(): { key: string; sha256: string } {
  const key = `gha_${randomBytes(32).toString('base64url')}`;
  return { key, sha256: createHash('sha256').update(key).digest('hex') };
}

function pairConfig(options: PairOptions, adminSha256: string): string {
  return `
server: { host: 127.0.0.1, port: 0, accessLog: false, logLevel: ${options.logLevel ?? 'info'} }
store: { kind: redis, url: "${options.redisUrl}", keyPrefix: "${options.keyPrefix}" }
tokens: { keys: { source: store } }
revocation: { mode: mirror }
admin: { keys: [{ name: pair-test, sha256: "${adminSha256}" }] }
identity: { sources: [{ kind: users-file, path: ${JSON.stringify(USERS)} }] }
rateLimit:
  login:
    perIp: { limit: 100000, window: 1m }
    perUsername: { limit: 100000, window: 1m }
routes:
  - { name: account, match: { path: /account/* }, upstream: "${options.upstream}", policy: session }
`;
}

/**
 * Starts A, then B (so B finds the key set A stored), each `node --import tsx src/main.ts` with
 * its own data dir, a `session` route, mirror revocation, store-kept signing keys and one admin key.
 */
export async function startGatewayPair(options: PairOptions): Promise<GatewayPair> {
  const { key, sha256 } = adminKey();
  const config = writeTempConfig(pairConfig(options, sha256));
  const start = () =>
    spawnGateway(config, { GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-pair-')) });
  const a = await start();
  let b: SpawnedGateway;
  try {
    b = await start();
  } catch (error) {
    await a.stop();
    throw error;
  }
  return {
    a,
    b,
    adminAuthorization: `Bearer ${key}`,
    stop: async () => {
      await Promise.all([a.stop(), b.stop()]);
    },
  };
}

/** An access token from `POST /auth/login` as the demo user, with its sid and kid. */
export async function loginDemo(url: string): Promise<{ token: string; sid: string; kid: string }> {
  const response = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo-password' }),
  });
  if (response.status !== 200) {
    throw new Error(`login on ${url}: HTTP ${response.status} ${await response.text()}`);
  }
  const token = ((await response.json()) as { access_token: string }).access_token;
  const [header, payload] = token.split('.', 2).map((part) => JSON.parse(decode(part)));
  return { token, sid: payload.sid, kid: header.kid };
}

function decode(part: string): string {
  return Buffer.from(part, 'base64url').toString('utf8');
}
