import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayCalls, passwordOf, type GatewayCalls } from './gateway-calls.js';
import { spawnGateway, writeTempConfig, type SpawnedGateway } from '../../helpers/spawn-gateway.js';

/** Where the gateway finds its store and upstream. */
export interface FailoverGatewayOptions {
  name: string;
  /** `host:port` of the sentinel. */
  sentinel: string;
  upstream: string;
  revocation: 'mirror' | 'lookup';
}

/** A gateway on `store.kind: sentinel`, with the users and admin key the test uses. */
export interface FailoverGateway {
  url: string;
  /** `Authorization` header value for the admin API. */
  adminAuthorization: string;
  calls: GatewayCalls;
  process: SpawnedGateway;
}

/** The users every gateway of the test knows (sub = username). */
const USERS = ['alice', 'bob', 'carol'] as const;

const ADMIN_KEY = `gha_${randomBytes(32).toString('base64url')}`;

/** PHC "B64": standard alphabet, no padding. */
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/**
 * A users file with scrypt at ln=4 (the format allows down to 1): the stream logs in all the time,
 * and at the default cost (ln=15) the password hash would be its bottleneck on a small test host.
 */
function cheapUsersFile(): string {
  const lines = ['users:'];
  for (const username of USERS) {
    const salt = randomBytes(16);
    const hash = scryptSync(passwordOf(username), salt, 32, { N: 16, r: 8, p: 1 });
    lines.push(`  - username: ${username}`);
    lines.push(`    password: '$scrypt$ln=4,r=8,p=1$${b64(salt)}$${b64(hash)}'`);
    lines.push(`    scope: read:api`);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'gatehouse-users-')), 'users.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

let usersFile: string | undefined;

/**
 * Spawns `node --import tsx src/main.ts` on a sentinel store: signing keys kept in the store (so
 * every gateway of the test shares them), refresh tokens in the body, a `session` route `/ses/*`
 * and a `context` route `/ctx/*`, login limits out of the way.
 */
export async function spawnFailoverGateway(
  options: FailoverGatewayOptions,
): Promise<FailoverGateway> {
  usersFile ??= cheapUsersFile();
  const sha256 = createHash('sha256').update(ADMIN_KEY).digest('hex');
  const config = writeTempConfig(`
server: { host: 127.0.0.1, port: 0, accessLog: false }
store: { kind: sentinel, name: ${options.name}, sentinels: ["${options.sentinel}"], keyPrefix: "gh:" }
tokens: { keys: { source: store } }
sessions: { allowRefreshTokenInBody: true }
revocation: { mode: ${options.revocation} }
admin: { keys: [{ name: failover-test, sha256: "${sha256}" }] }
identity: { sources: [{ kind: users-file, path: ${JSON.stringify(usersFile)} }] }
rateLimit:
  login:
    perIp: { limit: 1000000, window: 1m }
    perUsername: { limit: 1000000, window: 1m }
routes:
  - { name: ses, match: { path: /ses/* }, upstream: "${options.upstream}", policy: session }
  - { name: ctx, match: { path: /ctx/* }, upstream: "${options.upstream}", policy: context }
`);
  const spawned = await spawnGateway(config, {
    GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-failover-')),
  });
  const adminAuthorization = `Bearer ${ADMIN_KEY}`;
  const calls = gatewayCalls(spawned.url, adminAuthorization);
  return { url: spawned.url, adminAuthorization, calls, process: spawned };
}
