import type { Revocation } from './revocation-log.js';

const id = (value: unknown): value is string => typeof value === 'string' && value !== '';
const time = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * The revocation `value` describes, copied down to its known fields, or null when it is not one
 * (an empty id, a time that is not an integer number of ms). Checks what publishers send and what
 * subscribers receive.
 */
export function validRevocation(value: unknown): Revocation | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (!time(r.forgetAt)) return null;
  if (r.kind === 'session' && id(r.sid))
    return { kind: 'session', sid: r.sid, forgetAt: r.forgetAt };
  if (r.kind === 'token' && id(r.jti)) return { kind: 'token', jti: r.jti, forgetAt: r.forgetAt };
  if (r.kind === 'user' && id(r.sub) && time(r.notBefore)) {
    return { kind: 'user', sub: r.sub, notBefore: r.notBefore, forgetAt: r.forgetAt };
  }
  return null;
}
