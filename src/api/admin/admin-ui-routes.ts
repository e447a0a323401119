import type { GatewayServices } from '../../gateway-services.js';
import { Hono, type MiddlewareHandler } from 'hono';
import { methodNotAllowed, pageNotBuilt } from '../../errors/errors.js';
import { noStaticAssets } from '../../lib/static-assets.js';
import type { AdminEnv } from './admin-env.js';

// The console runs only its own script and style, talks only to this origin and is never framed.
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

// The page is never stored; its script and style are not fingerprinted, so they are revalidated.
const FILES: Array<[path: string, asset: string, cacheControl: string]> = [
  ['/ui/', 'admin-console/index.html', 'no-store'],
  ['/ui/app.js', 'admin-console/app.js', 'no-cache'],
  ['/ui/app.css', 'admin-console/app.css', 'no-cache'],
];

/** Sets the console's security headers on whatever the route answers, errors included. */
const consoleHeaders: MiddlewareHandler<AdminEnv> = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(CONSOLE_HEADERS)) c.res.headers.set(name, value);
};

/**
 * The admin console's static files at /admin/ui/ (mounted by adminRoutes ahead of its admin
 * authentication): a browser navigation cannot send a Bearer header, and the files hold nothing
 * secret — every call the page makes goes to the admin API with the admin key. Only these exact
 * paths skip the key; 503 when the console was not built.
 */
export function adminUiRoutes(services: Pick<GatewayServices, 'staticAssets'>): Hono<AdminEnv> {
  const assets = services.staticAssets ?? noStaticAssets;
  const app = new Hono<AdminEnv>();
  app.use('/ui', consoleHeaders);
  // A relative reference (RFC 9110 §10.2.2), so it holds behind a proxy that moves /admin.
  app.get('/ui', (c) => {
    c.header('cache-control', 'no-store');
    return c.redirect('ui/', 308);
  });
  for (const [path, name, cacheControl] of FILES) {
    app.use(path, consoleHeaders);
    app.get(path, (c) => {
      const asset = assets.get(name);
      if (!asset) throw pageNotBuilt('admin console');
      // Read from files, never a SharedArrayBuffer: the narrower type Hono's body() asks for.
      return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, {
        'content-type': asset.contentType,
        'cache-control': cacheControl,
      });
    });
  }
  for (const path of ['/ui', ...FILES.map(([path]) => path)]) {
    app.all(path, () => {
      throw methodNotAllowed(['GET', 'HEAD']);
    });
  }
  return app;
}
