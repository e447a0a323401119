import type { Logger } from './logger.js';

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
