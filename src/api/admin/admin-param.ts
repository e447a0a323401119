import type { Context } from 'hono';
import { badRequest } from '../../errors/errors.js';
import type { AdminEnv } from './admin-env.js';
import { adminIds } from './admin-ids.js';

/** A path parameter of an admin route, validated; 400 naming it when it is not acceptable. */
export function adminParam(c: Context<AdminEnv>, name: keyof typeof adminIds): string {
  // Hono hands params percent-decoded: a sub like "a/b" arrives as users/a%2Fb/sessions.
  const result = adminIds[name].safeParse(c.req.param(name));
  if (!result.success) {
    throw badRequest(name, `${name}: ${result.error.issues[0]?.message ?? 'Invalid'}`);
  }
  return result.data;
}
