import { z } from 'zod';

/** The identifiers admin requests name, as zod schemas: a session id, a user's subject, a key id. */
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
  // Gatehouse's kids are RFC 7638 thumbprints (43 base64url characters); any visible ASCII is taken.
  kid: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'Must be a key id (visible ASCII, no spaces)'),
} as const;
