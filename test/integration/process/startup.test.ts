import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';
import {
  runCli,
  spawnGateway,
  startProcess,
  writeTempConfig,
} from '../../helpers/spawn-gateway.js';

let upstream: UpstreamServer;
beforeAll(async () => {
  upstream = await startUpstreamServer();
});
afterAll(() => upstream.close());

const usersFile = join(import.meta.dirname, '../../../config/users.yaml');
const configFor = (dataDir: string) => `
server: { host: 127.0.0.1, port: 0, dataDir: ${dataDir}, timeouts: { shutdownGrace: 5s } }
identity: { sources: [{ kind: users-file, path: ${usersFile} }] }
routes:
  - { name: api, match: { path: /api/* }, upstream: ${upstream.origin}, policy: token, stripPrefix: /api }
`;

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo-password' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('process start-up', () => {
  it('exits non-zero before listening on an invalid config, printing every problem with its path', async () => {
    const file = writeTempConfig(`
server: { port: 0 }
tokens: { accessTtl: soon }
routes:
  - { match: { path: /a/* }, upstream: "not a url", policy: token }
`);
    const started = startProcess(file);
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('tokens.accessTtl: Invalid duration "soon"');
    expect(started.output()).toContain('routes[0].upstream: Invalid URL');
    expect(started.output()).not.toContain('listening');
  });

  it('keeps its generated signing key across restarts, so issued tokens stay valid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-data-'));
    const file = writeTempConfig(configFor(dataDir));

    const first = await spawnGateway(file);
    const token = await login(first.url);
    const firstKeys = (await (await fetch(`${first.url}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(await first.stop()).toBe(0);

    const second = await spawnGateway(file);
    try {
      const secondKeys = (await (await fetch(`${second.url}/.well-known/jwks.json`)).json()) as {
        keys: Array<{ kid: string }>;
      };
      expect(secondKeys.keys.map((k) => k.kid)).toEqual(firstKeys.keys.map((k) => k.kid));
      const response = await fetch(`${second.url}/api/whoami`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('drains in-flight requests on SIGTERM, then exits 0', async () => {
    const file = writeTempConfig(configFor(mkdtempSync(join(tmpdir(), 'gatehouse-data-'))));
    const gateway = await spawnGateway(file);
    const token = await login(gateway.url);
    const inFlight = fetch(`${gateway.url}/api/slow?ms=800`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((r) => setTimeout(r, 200));
    gateway.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { url: string }).url).toBe('/slow?ms=800');
    expect(await gateway.exited).toBe(0);
    expect(gateway.output()).toContain('"msg":"draining"');
    await expect(fetch(`${gateway.url}/healthz`)).rejects.toThrow();
  });
});

describe('gatehouse CLI', () => {
  it('check-config accepts the shipped config', async () => {
    const result = await runCli(['check-config', 'config/gatehouse.yaml']);
    expect(result.stdout).toMatch(/config\/gatehouse\.yaml: ok/);
    expect(result.code).toBe(0);
  });

  it('check-config reports every problem with its path and exits 1', async () => {
    const file = writeTempConfig(
      'server: { port: -1 }\nroutes: [{ match: { path: x }, policy: token }]\n',
    );
    const result = await runCli(['check-config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/server\.port: /);
    expect(result.stderr).toMatch(/routes\[0\]\.match\.path: /);
  });

  it('hash-password prints a PHC string that the users file accepts', async () => {
    const result = await runCli(['hash-password'], 'correct horse battery staple\n');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(
      /^\$scrypt\$ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/,
    );
  });
});
