import { z } from 'zod';
import { RESERVED_CLAIMS } from '../tokens/access-token-claims.js';

/** Extra access-token claims from an identity source: a JSON object without reserved names. */
export const claimsSchema = z.record(z.string(), z.unknown()).superRefine((claims, ctx) => {
  for (const name of Object.keys(claims)) {
    if (RESERVED_CLAIMS.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `"${name}" is set by the gateway and cannot be overridden`,
      });
    }
  }
});
