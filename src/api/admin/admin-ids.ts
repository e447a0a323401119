import { z } from 'zod';

/** The identifiers admin requests name, as zod schemas: a session id and a user's subject. */
export const adminIds = {
  // Sids are 22 base64url characters when gatehouse makes them; imported ones may differ.
  sid: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Must be a session id (base64url)'),
  // Subjects come from identity sources (emails, URNs, "auth0|..."): any printable text.
  sub: z
    .string()
    .min(1)
    .max(256)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'Must not contain control characters'),
} as const;
