import { z } from 'zod';
import type { Context } from 'hono';
import { subject } from '../../config/primitives.js';
import { badRequest } from '../../errors/errors.js';
import type { AdminEnv } from './admin-env.js';

/** The identifiers admin requests name, as zod schemas: a session id, a user's subject, a key id. */
export const adminIds = {
  // Sids are 22 base64url characters when gatehouse makes them; imported ones may differ.
  sid: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Must be a session id (base64url)'),
  // Subjects come from identity sources (emails, URNs, "auth0|..."): the rule logins obey.
  sub: subject.max(256),
  // Gatehouse's kids are RFC 7638 thumbprints (43 base64url characters); any visible ASCII is taken.
  kid: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'Must be a key id (visible ASCII, no spaces)'),
} as const;

/** A path parameter of an admin route, validated; 400 naming it when it is not acceptable. */
export function adminParam(c: Context<AdminEnv>, name: keyof typeof adminIds): string {
  // Hono hands params percent-decoded: a sub like "a/b" arrives as users/a%2Fb/sessions.
  const result = adminIds[name].safeParse(c.req.param(name));
  if (!result.success) {
    throw badRequest(name, `${name}: ${result.error.issues[0]?.message ?? 'Invalid'}`);
  }
  return result.data;
}
