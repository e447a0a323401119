import { pino } from 'pino';
import { type Logger, redactFields } from '../../observability/logger.js';

/** JSON lines on stdout (or the given stream) with secret-looking fields redacted. */
export function createPinoLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'gatehouse', pid: process.pid },
    formatters: { log: (fields: Record<string, unknown>) => redactFields(fields) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
