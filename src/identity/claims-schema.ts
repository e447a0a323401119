import { z } from 'zod';

// Claims the signer owns (it drops them from extra claims too); refusing them here makes a
// misconfigured source loud instead of silently ignored. `cnf` and `act`: RFC 7800, RFC 8693 §4.1.
const RESERVED = new Set([
  'iss',
  'aud',
  'sub',
  'sid',
  'jti',
  'iat',
  'nbf',
  'exp',
  'scope',
  'cnf',
  'act',
  'typ',
  '__proto__',
]);

/** Extra access-token claims from an identity source: a JSON object without reserved names. */
export const claimsSchema = z.record(z.string(), z.unknown()).superRefine((claims, ctx) => {
  for (const name of Object.keys(claims)) {
    if (RESERVED.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `"${name}" is set by the gateway and cannot be overridden`,
      });
    }
  }
});
