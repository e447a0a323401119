// Target (1) and what every proxy forwards to: a tiny node:http server answering a small JSON
// body on keep-alive connections. BENCH_PORT=<port> node --import tsx test/bench/upstream.ts
import { createServer } from 'node:http';

/** Answers with the request's headers as JSON (see check-targets.ts). */
const ECHO_PATH = '/bench-echo-headers';
const body = Buffer.from('{"ok":true,"service":"bench-upstream"}');
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  req.resume();
  // Before any load only: the bench checks which identity headers a proxy forwarded.
  if (req.url === ECHO_PATH) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
    return;
  }
  res.writeHead(200, headers).end(body);
});
// Longer than any pause between measurements, so the proxies' pooled connections stay open.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
