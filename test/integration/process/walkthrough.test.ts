import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, writeTempConfig, type SpawnedGateway } from '../../helpers/spawn-gateway.js';
import { freePort } from '../../helpers/free-port.js';

// The README's walk-through against the shipped config/gatehouse.yaml (ports moved so it can run
// beside a developer's `npm start`): if this fails, the README is lying to newcomers.

const shipped = readFileSync(join(import.meta.dirname, '../../../config/gatehouse.yaml'), 'utf8');

// The demo admin key whose hash config/gatehouse.yaml ships (README walk-through).
const DEMO_ADMIN_KEY = 'gha_t41yXo3cGBtVwwIr4K6kkLk_F15A1O23Mq1fwml7xbs';

let gateway: SpawnedGateway;
let origin: string;

beforeAll(async () => {
  const [port, demoPort] = [await freePort(), await freePort()];
  origin = `http://localhost:${port}`;
  const yaml = shipped
    .replaceAll('8081', String(demoPort))
    .replace('port: 8080', `port: ${port}`)
    .replace('[http://localhost:8080]', `[${origin}]`);
  gateway = await spawnGateway(writeTempConfig(yaml), {
    GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-walk-')),
  });
});
afterAll(() => gateway?.stop());

describe('README walk-through on the shipped config', () => {
  it('serves the demo SPA at /app/ through the public route, under its strict CSP', async () => {
    const url = gateway.url;
    const page = await fetch(`${url}/app/`);
    const html = await page.text();
    // 503 here says the SPA is not built: `npm start`/`npm test` build it (prestart/pretest).
    expect(page.status, html).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-request-id')).toBeTruthy();
    expect(html).toContain('<script type="module" src="app.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="app.css" />');
    expect(html).toContain('data-testid="login-submit"');
    for (const [file, type] of [
      ['app.js', 'text/javascript; charset=utf-8'],
      ['app.css', 'text/css; charset=utf-8'],
    ]) {
      const asset = await fetch(`${url}/app/${file}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toBe(type);
      expect((await asset.text()).length).toBeGreaterThan(100);
    }
    const bare = await fetch(`${url}/app`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/app/');
    // A public route, but only for reading the page: nothing is posted to the demo upstream.
    expect((await fetch(`${url}/app/`, { method: 'POST' })).status).toBe(404);
  });

  it('logs in, calls each kind of route, refreshes, keeps context, logs out', async () => {
    const url = gateway.url;
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo-password' }),
    });
    expect(login.status).toBe(200);
    const { access_token: token, scope } = (await login.json()) as {
      access_token: string;
      scope: string;
    };
    expect(scope).toBe('read:api profile');
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^gatehouse-refresh=v1\./);
    const bearer = { authorization: `Bearer ${token}` };

    const api = (await (await fetch(`${url}/api/hello`, { headers: bearer })).json()) as {
      identity: { subject: string };
    };
    expect(api.identity.subject).toBe('user-demo');
    const spoofed = await fetch(`${url}/api/hello`, { headers: { 'x-auth-subject': 'root' } });
    expect(spoofed.status).toBe(401);
    expect(spoofed.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    expect((await fetch(`${url}/public/hello`)).status).toBe(200);
    expect((await fetch(`${url}/account/me`, { headers: bearer })).status).toBe(200);

    // Refresh as curl does it: a POST with the cookie, no body at all, and the page's Origin.
    const refreshed = await fetch(`${url}/auth/refresh`, {
      method: 'POST',
      headers: { cookie, origin },
    });
    expect(refreshed.status).toBe(200);
    const nextCookie = refreshed.headers.get('set-cookie')!.split(';')[0]!;
    expect(nextCookie).not.toBe(cookie);
    const noOrigin = await fetch(`${url}/auth/refresh`, {
      method: 'POST',
      headers: { cookie: nextCookie },
    });
    expect(noOrigin.status).toBe(403);

    const put = await fetch(`${url}/auth/session/context`, {
      method: 'PUT',
      headers: { ...bearer, 'content-type': 'application/json', 'if-match': '"0"' },
      body: JSON.stringify({ step: 1 }),
    });
    expect(put.headers.get('etag')).toBe('"1"');
    const wizard = (await (await fetch(`${url}/wizard/next`, { headers: bearer })).json()) as {
      headers: Record<string, string>;
    };
    expect(
      JSON.parse(Buffer.from(wizard.headers['x-auth-context']!, 'base64url').toString()),
    ).toEqual({ step: 1 });

    // An admin finds the user's sessions and revokes one: session routes refuse it at once.
    const admin = { authorization: `Bearer ${DEMO_ADMIN_KEY}` };
    const listed = (await (
      await fetch(`${url}/admin/users/user-demo/sessions`, { headers: admin })
    ).json()) as {
      sessions: Array<{ sid: string }>;
    };
    expect(listed.sessions).toHaveLength(1);
    const second = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo-password' }),
    });
    const { access_token: secondToken } = (await second.json()) as { access_token: string };
    const secondSid = JSON.parse(Buffer.from(secondToken.split('.')[1]!, 'base64url').toString())
      .sid as string;
    const revoked = await fetch(`${url}/admin/sessions/${secondSid}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(revoked.status).toBe(204);
    const afterRevoke = await fetch(`${url}/account/me`, {
      headers: { authorization: `Bearer ${secondToken}` },
    });
    expect(afterRevoke.status).toBe(401);

    const logout = await fetch(`${url}/auth/logout`, {
      method: 'POST',
      headers: { cookie: nextCookie, origin },
    });
    expect(logout.status).toBe(204);
    const after = await fetch(`${url}/account/me`, { headers: bearer });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('session revoked');
    // token routes stay stateless until the access token expires (the documented trade-off)
    expect((await fetch(`${url}/api/hello`, { headers: bearer })).status).toBe(200);
  });
});
