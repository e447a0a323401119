// Peer (4): fastify + @fastify/jwt verifying an ES256 bearer token (signature, alg, iss, aud,
// exp) and the read:api scope on every request, then @fastify/http-proxy.
// BENCH_PORT, BENCH_UPSTREAM, BENCH_PUBLIC_KEY (SPKI PEM), BENCH_ISSUER, BENCH_AUDIENCE.
import proxy from '@fastify/http-proxy';
import fastifyJwt from '@fastify/jwt';
import Fastify from 'fastify';

const env = process.env as Record<string, string>;
const app = Fastify({ logger: false });
await app.register(fastifyJwt, {
  secret: { public: env.BENCH_PUBLIC_KEY! },
  // cache: false is fast-jwt's default, stated so the comparison is explicit: every request
  // pays a full ECDSA verification (gatehouse's verified-token cache is what is measured).
  verify: {
    algorithms: ['ES256'],
    allowedIss: env.BENCH_ISSUER!,
    allowedAud: env.BENCH_AUDIENCE!,
    cache: false,
  },
});
app.addHook('onRequest', async (request, reply) => {
  try {
    const claims = await request.jwtVerify<{ scope?: string }>();
    if (!claims.scope?.split(' ').includes('read:api'))
      return reply.code(403).send({ error: 'insufficient_scope' });
  } catch {
    return reply.code(401).send({ error: 'invalid_token' });
  }
});
await app.register(proxy, { upstream: env.BENCH_UPSTREAM!, prefix: '/api', rewritePrefix: '' });
await app.listen({ host: '127.0.0.1', port: Number(env.BENCH_PORT) });
