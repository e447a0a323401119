import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { storeUnavailable } from '../../../src/errors/errors.js';
import { errorBoundary } from '../../../src/http/error-boundary.js';
import type { GatewayEnv } from '../../../src/http/gateway-env.js';
import type { Logger } from '../../../src/observability/logger.js';

function recordingLogger(lines: Array<{ level: string; fields: object; message?: string }>) {
  const log =
    (level: string) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields, message });
    };
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  };
  return logger;
}

function appThrowing(error: unknown) {
  const lines: Array<{ level: string; fields: object; message?: string }> = [];
  const app = new Hono<GatewayEnv>();
  app.get('/x', () => {
    throw error;
  });
  app.onError(errorBoundary(recordingLogger(lines)));
  return { app, lines };
}

describe('errorBoundary', () => {
  it('logs a store error as cause without the password of its connection URL', async () => {
    const cause = Object.assign(
      new Error('connect ECONNREFUSED for redis://default:hunter2@redis.internal:6379'),
      { code: 'ECONNREFUSED' },
    );
    const { app, lines } = appThrowing(storeUnavailable(cause));
    const response = await app.request('/x');
    expect(response.status).toBe(503);
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: {
          code: 'store-unavailable',
          cause: {
            name: 'Error',
            code: 'ECONNREFUSED',
            message: 'connect ECONNREFUSED for redis://***@redis.internal:6379',
          },
        },
        message: 'Session store unavailable',
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });

  it('logs an unexpected error redacted, without its stack, and answers an opaque 500', async () => {
    const error = new RangeError('bad URL redis://u:hunter2@h');
    const { app, lines } = appThrowing(error);
    const response = await app.request('/x');
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('hunter2');
    expect(lines).toEqual([
      {
        level: 'error',
        fields: { err: { name: 'RangeError', message: 'bad URL redis://***@h' } },
        message: 'unhandled error',
      },
    ]);
  });
});
