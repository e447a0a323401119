import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodePasswordHasher } from '../../src/adapters/node/identity/node-password-hasher.js';
import { freePort } from '../helpers/free-port.js';
import { type PrivateRedis, startPrivateRedis } from '../helpers/redis-server.js';
import { spawnGateway, writeTempConfig, type SpawnedGateway } from '../helpers/spawn-gateway.js';
import { connectInspectorGc, INSPECT_OPTIONS, type InspectorGc } from './inspector-gc.js';
import { APP_ORIGIN } from './soak-calls.js';
import { SOAK } from './soak-config.js';
import { startSoakUpstream, type SoakUpstream } from './soak-upstream.js';

/** A user of the users file. */
export interface SoakUser {
  username: string;
  password: string;
}

/** Everything the soak run talks to; close() stops it all, whatever state it is in. */
export interface SoakStack {
  redis: PrivateRedis;
  gateway: SpawnedGateway;
  /** The gateway's inspector, to force a full GC before reading memory. */
  gc: InspectorGc;
  adminKey: string;
  /** One user per virtual user, so a user revocation ends one virtual user's sessions only. */
  users: SoakUser[];
  /** The owner of the parked sessions, which the admin loop never touches. */
  parkedUser: SoakUser;
  close(): Promise<void>;
}

function gatewayConfig(o: {
  port: number;
  dataDir: string;
  redisUrl: string;
  usersFile: string;
  adminSha256: string;
  upstream: string;
}): string {
  const route = (name: string, policy: string) =>
    `  - { name: ${name}, match: { path: /${name}/* }, upstream: '${o.upstream}', policy: ${policy}, stripPrefix: /${name} }`;
  const generous = '{ limit: 1000000, window: 1m }';
  return `
# One process (no node:cluster workers), so its /proc memory is the whole gateway's.
server: { host: 127.0.0.1, port: ${o.port}, workers: 1, dataDir: '${o.dataDir}', accessLog: false }
store: { kind: redis, url: '${o.redisUrl}', keyPrefix: 'soak:' }
tokens: { issuer: 'http://127.0.0.1:${o.port}', accessTtl: 5m }
# A refresh whose answer the crash lost is retried after the restart: within the grace it gets
# the same new pair back (README, Rotation) instead of tripping reuse detection.
sessions: { idleTtl: 30m, absoluteTtl: 1d, refreshReuseGrace: 30s }
cors: { allowedOrigins: ['${APP_ORIGIN}'] }
admin: { keys: [{ name: soak, sha256: ${o.adminSha256} }] }
identity: { sources: [{ kind: users-file, path: '${o.usersFile}' }] }
revocation: { mode: mirror, maxStaleness: ${SOAK.maxStalenessMs}ms }
rateLimit: { login: { perIp: ${generous}, perUsername: ${generous} } }
routes:
${route('pub', 'public')}
${route('tok', 'token')}
${route('ses', 'session')}
${route('ctx', 'context')}
`;
}

/**
 * Starts a private Redis with AOF fsynced on every write (so a SIGKILL loses no acknowledged
 * write), a real upstream, and a gatehouse process on them (with an inspector on loopback) with
 * `vus + 1` users (the shipped scrypt cost, so logins cost what they do in production) and a
 * fresh admin key.
 */
export async function startSoakStack(vus: number): Promise<SoakStack> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-soak-'));
  const password = randomBytes(12).toString('base64url');
  const hash = await nodePasswordHasher.hash(password);
  const users = Array.from({ length: vus }, (_, i) => ({ username: `vu-${i}`, password }));
  const parkedUser = { username: 'parked', password };
  const usersYaml = [...users, parkedUser]
    .map((u) => `  - { username: ${u.username}, password: '${hash}', sub: soak-${u.username} }`)
    .join('\n');
  writeFileSync(join(dir, 'users.yaml'), `users:\n${usersYaml}\n`);
  const adminKey = `gha_${randomBytes(32).toString('base64url')}`;

  let redis: PrivateRedis | undefined;
  let upstream: SoakUpstream | undefined;
  let gateway: SpawnedGateway | undefined;
  let gc: InspectorGc | undefined;
  const close = async () => {
    gc?.close();
    await gateway?.stop();
    await upstream?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    redis = await startPrivateRedis({ aof: 'always' });
    upstream = await startSoakUpstream();
    const port = await freePort();
    const config = gatewayConfig({
      port,
      dataDir: dir,
      redisUrl: redis.url,
      usersFile: join(dir, 'users.yaml'),
      adminSha256: createHash('sha256').update(adminKey).digest('hex'),
      upstream: upstream.origin,
    });
    gateway = await spawnGateway(writeTempConfig(config), {
      GATEHOUSE_REDIS_URL: redis.url,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${INSPECT_OPTIONS}`.trim(),
    });
    gc = await connectInspectorGc(gateway.output());
    return { redis, gateway, gc, adminKey, users, parkedUser, close };
  } catch (error) {
    await close();
    throw error;
  }
}
