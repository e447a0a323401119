import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStaticAssets } from '../../../../src/adapters/node/load-static-assets.js';
import { contentTypeOf, type StaticAssets } from '../../../../src/lib/static-assets.js';
import { testGateway, type TestGateway } from '../../../helpers/test-gateway.js';
import { capturingLogger } from '../auth/login-fixtures.js';
import { problemOf } from '../session/session-fixtures.js';
import { adminConfig, auditEvents, OPS_KEY } from './admin-fixtures.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const FILES = {
  'admin-console/index.html': '<!doctype html><title>console</title>',
  'admin-console/app.js': 'console.log("app")',
  'admin-console/app.css': 'body{color:red}',
};

/** An in-memory build of the console (what loadStaticAssets gives after npm run build:browser). */
function memoryAssets(files: Record<string, string> = FILES): StaticAssets {
  const encoder = new TextEncoder();
  return {
    get: (path) =>
      path in files
        ? { body: encoder.encode(files[path]), contentType: contentTypeOf(path) }
        : undefined,
  };
}

async function consoleGateway(
  staticAssets: StaticAssets | null = memoryAssets(),
  admin = '',
): Promise<{ gw: TestGateway; logger: ReturnType<typeof capturingLogger> }> {
  const logger = capturingLogger();
  // null: deps without staticAssets, as when dist/browser was never built.
  const gw = await testGateway(adminConfig(admin), {
    logger,
    ...(staticAssets === null ? {} : { staticAssets }),
  });
  return { gw, logger };
}

function expectConsoleHeaders(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
}

describe('admin console files at /admin/ui/', () => {
  it('redirects /admin/ui to /admin/ui/ (308, a relative reference) with the console headers', async () => {
    const { gw } = await consoleGateway();
    const response = await gw.app.request('/admin/ui');
    expect(response.status).toBe(308);
    const location = response.headers.get('location')!;
    expect(new URL(location, 'http://gw.test/admin/ui').pathname).toBe('/admin/ui/');
    expectConsoleHeaders(response);
  });

  it.each([
    ['/admin/ui/', 'admin-console/index.html', 'text/html; charset=utf-8', 'no-store'],
    ['/admin/ui/app.js', 'admin-console/app.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/admin/ui/app.css', 'admin-console/app.css', 'text/css; charset=utf-8', 'no-cache'],
  ] as const)(
    'serves %s without a key, under the strict CSP',
    async (path, asset, type, cacheControl) => {
      const { gw } = await consoleGateway();
      const response = await gw.app.request(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(FILES[asset]);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe(cacheControl);
      expectConsoleHeaders(response);
    },
  );

  it('answers HEAD like GET, without a body', async () => {
    const { gw } = await consoleGateway();
    const response = await gw.app.request('/admin/ui/', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('');
    expectConsoleHeaders(response);
  });

  it('serves the same files with an admin key (the key is simply not needed)', async () => {
    const { gw } = await consoleGateway();
    const response = await gw.app.request('/admin/ui/', {
      headers: { authorization: `Bearer ${OPS_KEY.key}` },
    });
    expect(response.status).toBe(200);
  });

  it.each(['/admin/ui/', '/admin/ui/app.js', '/admin/ui/app.css'])(
    'answers 503 problem+json saying how to build when %s is not built',
    async (path) => {
      const { gw } = await consoleGateway(null);
      const response = await gw.app.request(path);
      expect(response.status).toBe(503);
      const problem = await problemOf(response);
      expect(problem.type).toBe('urn:gatehouse:problem:page-not-built');
      expect(problem.detail).toContain('npm run build');
      expectConsoleHeaders(response);
    },
  );

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])(
    'answers 405 (Allow: GET, HEAD) to %s on a console path',
    async (method) => {
      const { gw } = await consoleGateway();
      for (const path of ['/admin/ui', '/admin/ui/', '/admin/ui/app.js', '/admin/ui/app.css']) {
        const response = await gw.app.request(path, { method });
        expect(response.status, path).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, HEAD');
      }
    },
  );

  it('neither audits nor authenticates loading the console', async () => {
    const { gw, logger } = await consoleGateway();
    for (const path of ['/admin/ui', '/admin/ui/', '/admin/ui/app.js', '/admin/ui/app.css']) {
      await gw.app.request(path);
    }
    expect(auditEvents(logger)).toEqual([]);
  });

  it('reads the files loadStaticAssets finds in a built dist/browser', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-admin-ui-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'admin-console'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
    const { gw } = await consoleGateway(loadStaticAssets(dir));
    const page = await gw.app.request('/admin/ui/');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(FILES['admin-console/index.html']);
    const script = await gw.app.request('/admin/ui/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('is served by the admin listener when admin.port is set, and not by the main port', async () => {
    const { gw } = await consoleGateway(memoryAssets(), 'port: 9091');
    expect((await gw.adminApp!.request('/admin/ui/')).status).toBe(200);
    expect((await gw.adminApp!.request('/admin/ui')).status).toBe(308);
    expect((await gw.app.request('/admin/ui/')).status).toBe(404);
  });
});

describe('everything else under /admin still needs a key', () => {
  // The API's own paths, and near misses of the console's that must not slip past the key.
  const paths: Array<[method: string, path: string]> = [
    ['GET', '/admin/users/user-alice/sessions'],
    ['DELETE', '/admin/users/user-alice/sessions'],
    ['GET', '/admin/sessions/abc'],
    ['DELETE', '/admin/sessions/abc'],
    ['POST', '/admin/sessions'],
    ['POST', '/admin/revocations'],
    ['POST', '/admin/keys/rotate'],
    ['GET', '/admin'],
    ['GET', '/admin/'],
    ['GET', '/admin/nope'],
    ['GET', '/admin/ui/index.html'],
    ['GET', '/admin/ui/app.js.map'],
    ['GET', '/admin/ui/app.js/'],
    ['GET', '/admin/ui//'],
    ['GET', '/admin/ui/x'],
    ['GET', '/admin/UI/'],
    ['GET', '/admin/uix'],
    ['GET', '/admin/ui%2F'],
    ['GET', '/admin/ui/%2e%2e/users/user-alice/sessions'],
    ['GET', '/admin/ui/../users/user-alice/sessions'],
    ['DELETE', '/admin/ui/../sessions/abc'],
    ['POST', '/admin/ui/../keys/rotate'],
  ];

  it.each(paths)('%s %s answers 401 without a key', async (method, path) => {
    const { gw } = await consoleGateway();
    const response = await gw.app.request(path, { method });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="gatehouse"');
    expect(response.headers.get('content-security-policy')).toBeNull();
  });

  it('still answers an admin with the key (the console routes take nothing from the API)', async () => {
    const { gw } = await consoleGateway();
    const auth = { authorization: `Bearer ${OPS_KEY.key}` };
    const list = await gw.app.request('/admin/users/user-alice/sessions', { headers: auth });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ sub: 'user-alice', sessions: [] });
    expect((await gw.app.request('/admin/ui/x', { headers: auth })).status).toBe(404);
  });
});

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));
