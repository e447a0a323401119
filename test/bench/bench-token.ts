import { randomUUID } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';

export const BENCH_ISSUER = 'http://localhost:8080';
export const BENCH_AUDIENCE = 'gatehouse';

/** An ES256 key pair and a token shaped like a gatehouse access token, for the fastify-jwt peer. */
export interface BenchToken {
  token: string;
  publicKey: CryptoKey;
  /** SPKI PEM of the public key, what @fastify/jwt takes. */
  publicKeyPem: string;
}

/** Signs an at+jwt with gatehouse's claims (iss, aud, sub, sid, jti, iat, nbf, exp, scope). */
export async function createBenchToken(ttlS = 3600): Promise<BenchToken> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sid: randomUUID(), scope: 'read:api profile' })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'bench-key' })
    .setIssuer(BENCH_ISSUER)
    .setAudience(BENCH_AUDIENCE)
    .setSubject('demo')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttlS)
    .sign(privateKey);
  return { token, publicKey, publicKeyPem: await exportSPKI(publicKey) };
}
