const SECRET_KEY =
  /authorization|cookie|token|password|secret|^key$|privatekey|^d$|^k$|^p$|^q$|^dp$|^dq$|^qi$/i;
const REDACTED = '[redacted]';

/**
 * Returns a copy of a log record with secret-looking fields replaced (authorization, cookie,
 * set-cookie, *token*, password, secrets and private JWK members), two levels deep.
 */
export function redactFields(fields: Record<string, unknown>, depth = 2): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in fields) {
    const value = fields[key];
    let replacement = value;
    if (SECRET_KEY.test(key)) replacement = REDACTED;
    else if (depth > 0 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      replacement = redactFields(value as Record<string, unknown>, depth - 1);
    }
    if (replacement !== value) {
      out ??= { ...fields };
      out[key] = replacement;
    }
  }
  return out ?? fields;
}
