import { describe, expect, it } from 'vitest';
import { storeUnavailable } from '../../../src/errors/errors.js';
import { logSafeError } from '../../../src/observability/log-safe-error.js';

/** An Error shaped like ioredis' (a Node system error with a code). */
function redisError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNREFUSED' });
}

describe('logSafeError', () => {
  it('gives the name, code and message of an Error', () => {
    expect(logSafeError(redisError('connect ECONNREFUSED 127.0.0.1:6379'))).toEqual({
      name: 'Error',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:6379',
    });
    expect(logSafeError(new TypeError('x is not a function'))).toEqual({
      name: 'TypeError',
      message: 'x is not a function',
    });
    expect(logSafeError(Object.assign(new Error('exit'), { code: 3 }))).toMatchObject({ code: 3 });
  });

  it.each([
    [
      'user and password',
      'Connection to redis://default:hunter2@redis.internal:6379/0 failed',
      'Connection to redis://***@redis.internal:6379/0 failed',
    ],
    [
      'a password alone',
      'cannot reach rediss://:hunter2@cache.example:6380',
      'cannot reach rediss://***@cache.example:6380',
    ],
    ['a user alone', 'bad URL redis://hunter2@host', 'bad URL redis://***@host'],
    [
      'an @ inside the password',
      'bad URL redis://user:hun@ter2@host/1',
      'bad URL redis://***@host/1',
    ],
    [
      'two URLs',
      'sentinel://a:hunter2@s1:26379, sentinel://b:hunter2@s2:26379',
      'sentinel://***@s1:26379, sentinel://***@s2:26379',
    ],
    [
      'an upper-case scheme',
      'HTTPS://svc:hunter2@idp.example/check',
      'HTTPS://***@idp.example/check',
    ],
  ])('redacts the credentials of a URL with %s', (_title, message, expected) => {
    const logged = logSafeError(redisError(message));
    expect(logged.message).toBe(expected);
    expect(JSON.stringify(logged)).not.toContain('hunter2');
  });

  it('leaves URLs without credentials and e-mail-like text alone', () => {
    const message = 'redis://redis.internal:6379 down; ask ops@example.com';
    expect(logSafeError(new Error(message)).message).toBe(message);
  });

  it('redacts JWTs and admin API keys quoted in a message', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
    const key = 'gha_t41yXo3cGBtVwwIr4K6kkLk_F15A1O23Mq1fwml7xbs';
    const logged = logSafeError(new Error(`bad token ${jwt} from ${key}`));
    expect(logged.message).toBe('bad token *** from gha_***');
  });

  it('keeps only the first line of a message, and at most 300 characters', () => {
    expect(logSafeError(new Error('first\n    at secret (/x.js:1:1)')).message).toBe('first');
    expect(logSafeError(new Error('x'.repeat(1000))).message).toHaveLength(300);
  });

  it('never includes the stack or the cause', () => {
    const error = new Error('outer', { cause: new Error('redis://u:hunter2@h') });
    const logged = logSafeError(error);
    expect(Object.keys(logged).sort()).toEqual(['message', 'name']);
    expect(JSON.stringify(logged)).not.toMatch(/hunter2|at /);
  });

  it('gives a GatewayError its code and fixed wording, not its cause', () => {
    const logged = logSafeError(storeUnavailable(redisError('redis://u:hunter2@h')));
    expect(logged).toEqual({
      name: 'GatewayError',
      code: 'store-unavailable',
      message: 'the session store cannot be reached; retry shortly',
    });
  });

  it.each([
    ['a string', 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln', { name: 'string' }],
    ['a number', 42, { name: 'number' }],
    ['null', null, { name: 'null' }],
    ['undefined', undefined, { name: 'undefined' }],
    [
      'an object with a message and a stack',
      { message: 'password=hunter2', stack: 'at hunter2', token: 'hunter2' },
      { name: 'object' },
    ],
    [
      'an object with identifier-like name and code',
      { name: 'ConnectionClosed', code: 'connection-closed', detail: 'hunter2' },
      { name: 'ConnectionClosed', code: 'connection-closed' },
    ],
    [
      'an object whose name and code are payloads',
      { name: 'password is hunter2', code: { secret: 'hunter2' } },
      { name: 'object' },
    ],
  ])('gives only the type of a foreign payload: %s', (_title, value, expected) => {
    expect(logSafeError(value)).toEqual(expected);
  });

  it('gives an Error with a payload for a name just "Error"', () => {
    const error = Object.assign(new Error('m'), { name: 'token eyJhbGciOi.e30.x leaked' });
    expect(logSafeError(error)).toEqual({ name: 'Error', message: 'm' });
  });
});
