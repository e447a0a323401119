/** The structured logger the core writes to (a pino-compatible subset). */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: object): Logger;
}

/** A logger that drops everything (tests that do not inspect logs). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

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

/**
 * A child logger made on first use: most requests never log, and building a pino child on every
 * request costs more than the rest of the request-id middleware.
 */
export class LazyChildLogger implements Logger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: object,
  ) {}

  #target(): Logger {
    return (this.#child ??= this.parent.child(this.bindings));
  }

  debug(fields: object, message?: string): void {
    this.#target().debug(fields, message);
  }
  info(fields: object, message?: string): void {
    this.#target().info(fields, message);
  }
  warn(fields: object, message?: string): void {
    this.#target().warn(fields, message);
  }
  error(fields: object, message?: string): void {
    this.#target().error(fields, message);
  }
  child(bindings: object): Logger {
    return this.#target().child(bindings);
  }
}
