// Target (1) and what every proxy forwards to: a tiny node:http server answering a small JSON
// body on keep-alive connections. BENCH_PORT=<port> node --import tsx test/bench/upstream.ts
import { createServer } from 'node:http';

const body = Buffer.from('{"ok":true,"service":"bench-upstream"}');
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, headers).end(body);
});
// Longer than any pause between measurements, so the proxies' pooled connections stay open.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
