import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoUpstream } from '../../../../../src/adapters/node/demo/demo-upstream.js';
import {
  contentTypeOf,
  noStaticAssets,
  type StaticAssets,
} from '../../../../../src/lib/static-assets.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const FILES: Record<string, string> = {
  'demo-spa/index.html': '<!doctype html><script type="module" src="app.js"></script>',
  'demo-spa/app.js': 'console.log("demo")',
  'demo-spa/app.css': 'body{margin:0}',
  'admin-console/index.html': '<!doctype html><title>admin</title>',
};
const built: StaticAssets = {
  get: (path) =>
    FILES[path] === undefined
      ? undefined
      : { body: new TextEncoder().encode(FILES[path]), contentType: contentTypeOf(path) },
};

/** A GET with the request target sent as written (fetch would resolve dot segments first). */
function rawGet(origin: string, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${origin}${target}`, { path: target }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

async function start(assets: StaticAssets): Promise<{ server: Server; url: string }> {
  const server = await startDemoUpstream('127.0.0.1', 0, assets);
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let demo: { server: Server; url: string };
let unbuilt: { server: Server; url: string };
beforeAll(async () => {
  [demo, unbuilt] = await Promise.all([start(built), start(noStaticAssets)]);
});
afterAll(() => {
  demo?.server.close();
  unbuilt?.server.close();
});

describe('startDemoUpstream serving the demo SPA', () => {
  it('serves index.html at /app/ under a strict CSP, never cached', async () => {
    const response = await fetch(`${demo.url}/app/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(FILES['demo-spa/index.html']);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['app.js', 'text/javascript; charset=utf-8'],
    ['app.css', 'text/css; charset=utf-8'],
    ['index.html', 'text/html; charset=utf-8'],
  ])('serves /app/%s with its content type', async (name, type) => {
    const response = await fetch(`${demo.url}/app/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('cache-control')).toBe(
      name.endsWith('.html') ? 'no-store' : 'no-cache',
    );
    expect(await response.text()).toBe(FILES[`demo-spa/${name}`]);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(`${demo.url}/app/app.js`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(FILES['demo-spa/app.js']!.length));
    expect(await response.text()).toBe('');
  });

  it.each([
    ['/app', '/app/'],
    ['/app?from=readme', '/app/?from=readme'],
  ])('redirects %s to %s', async (path, location) => {
    const response = await fetch(`${demo.url}${path}`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(location);
  });

  it.each([
    '/app/missing.js',
    '/app/.hidden',
    '/app/sub/app.js',
    '/app/..%2Fadmin-console%2Findex.html',
  ])('answers 404 for %s, never another folder of dist/browser', async (path) => {
    const response = await fetch(`${demo.url}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('not found\n');
  });

  it.each(['/app/%2e%2e/admin-console/index.html', '/app/../admin-console/index.html'])(
    'never serves another folder of dist/browser for the raw target %s',
    async (target) => {
      const { status, body } = await rawGet(demo.url, target);
      expect(status).toBe(200);
      expect(body).not.toContain('<title>admin</title>');
      expect(JSON.parse(body)).toMatchObject({ upstream: 'gatehouse demo API', url: target });
    },
  );

  it('refuses methods other than GET and HEAD with 405 and Allow', async () => {
    const response = await fetch(`${demo.url}/app/`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('says how to build the SPA when dist/browser has no demo-spa', async () => {
    const response = await fetch(`${unbuilt.url}/app/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:browser');
  });
});

describe('startDemoUpstream echoing every other path', () => {
  it.each(['/api/hello', '/application', '/public/app/index.html'])(
    'echoes %s with the identity headers, never the credentials',
    async (path) => {
      const response = await fetch(`${demo.url}${path}`, {
        headers: { authorization: 'Bearer secret-token', 'x-auth-subject': 'user-demo' },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        url: string;
        identity: { subject: string };
        headers: Record<string, string>;
      };
      expect(body.url).toBe(path);
      expect(body.identity.subject).toBe('user-demo');
      expect(body.headers['authorization']).toBe('[present]');
    },
  );
});
