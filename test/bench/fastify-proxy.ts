// Peer (3): fastify + @fastify/http-proxy, no auth, logger off.
// BENCH_PORT=<port> BENCH_UPSTREAM=http://127.0.0.1:<up> node --import tsx test/bench/fastify-proxy.ts
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
// GET /api/x → upstream /x, like gatehouse's stripPrefix and nginx's `location /api/`.
await app.register(proxy, {
  upstream: process.env.BENCH_UPSTREAM!,
  prefix: '/api',
  rewritePrefix: '',
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_PORT) });
