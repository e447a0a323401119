import type { GatehouseConfig } from '../../../config/schema.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { StaticAssets } from '../../../lib/static-assets.js';
import { loadStaticAssets } from '../load-static-assets.js';

const SPA_PREFIX = '/app/';
// One folder of flat files (index.html, app.js, app.css): nothing else is a name to look up.
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

// The demo SPA's pages run no inline code and talk only to their own origin (the gateway).
const SPA_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function text(res: ServerResponse, status: number, body: string, headers = {}): void {
  res
    .writeHead(status, { ...SPA_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers })
    .end(body + '\n');
}

/** `/app` and below: the demo SPA's built files (dist/browser/demo-spa), GET and HEAD only. */
function serveSpa(req: IncomingMessage, res: ServerResponse, url: URL, assets: StaticAssets): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return text(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  }
  if (url.pathname === '/app') {
    return text(res, 301, 'moved to /app/', { location: SPA_PREFIX + url.search });
  }
  const name = url.pathname.slice(SPA_PREFIX.length) || 'index.html';
  const asset = FILE_NAME.test(name) ? assets.get(`demo-spa/${name}`) : undefined;
  if (asset === undefined) {
    return assets.get('demo-spa/index.html') === undefined
      ? text(res, 503, 'the demo SPA is not built: run `npm run build:browser`')
      : text(res, 404, 'not found');
  }
  res.writeHead(200, {
    ...SPA_HEADERS,
    'content-type': asset.contentType,
    'content-length': asset.body.byteLength,
    // The page holds no secrets but must always reflect the current build; scripts and styles
    // are not fingerprinted, so they are revalidated too.
    'cache-control': name.endsWith('.html') ? 'no-store' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}

/** Everything else: what the request carried, so the walk-through shows the identity headers. */
function echo(req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = name === 'authorization' || name === 'cookie' ? '[present]' : value;
  }
  const body = JSON.stringify(
    {
      upstream: 'gatehouse demo API',
      method: req.method,
      url: req.url,
      identity: {
        subject: req.headers['x-auth-subject'] ?? null,
        session: req.headers['x-auth-session'] ?? null,
        scope: req.headers['x-auth-scope'] ?? null,
      },
      headers,
    },
    null,
    2,
  );
  res.writeHead(200, { 'content-type': 'application/json' }).end(body + '\n');
}

/**
 * The newcomer's demo upstream: serves the demo SPA under `/app/` (from the built files, read once
 * at start) and answers every other request with what it received, so the README's walk-through
 * shows the identity headers the gateway set (secrets are not echoed back).
 */
export function startDemoUpstream(
  host: string,
  port: number,
  assets: StaticAssets = loadStaticAssets(),
): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    const url = URL.parse(req.url ?? '/', 'http://demo.invalid');
    if (url !== null && (url.pathname === '/app' || url.pathname.startsWith(SPA_PREFIX))) {
      serveSpa(req, res, url, assets);
    } else {
      echo(req, res);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** The demo upstream of `demo.upstreamPort`, on loopback; undefined when none is configured. */
export function startConfiguredDemoUpstream(
  demo: GatehouseConfig['demo'],
): Promise<Server | undefined> {
  return demo.upstreamPort === undefined
    ? Promise.resolve(undefined)
    : startDemoUpstream('127.0.0.1', demo.upstreamPort);
}
