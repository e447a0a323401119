import { createServer, type Server } from 'node:http';

/**
 * The newcomer's demo API: answers every request with what it received, so the README's
 * walk-through shows the identity headers the gateway set (secrets are not echoed back).
 */
export function startDemoUpstream(host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
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
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body + '\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
