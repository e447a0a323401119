import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../../src/store/redis/keys.js';

describe('redisKeys', () => {
  const keys = redisKeys('gh:');

  it('puts the prefix before a hash tag per session and per user', () => {
    expect(keys.session('c2lk')).toBe('gh:{s:c2lk}:session');
    expect(keys.context('c2lk')).toBe('gh:{s:c2lk}:context');
    expect(keys.userSessions('alice')).toBe('gh:{u:alice}:sessions');
    expect(keys.rateLimit('login:ip:10.0.0.1')).toBe('gh:{r:login%3Aip%3A10.0.0.1}:hits');
  });

  it('encodes ids so braces cannot end the hash tag and ids cannot collide', () => {
    expect(keys.userSessions('a}b{c')).toBe('gh:{u:a%7Db%7Bc}:sessions');
    expect(keys.session('x:y')).not.toBe(keys.session('x%3Ay'));
    expect(keys.userSessions('a}b')).not.toBe(keys.userSessions('a%7Db'));
  });

  it('refuses a prefix with braces, which would become the hash tag of every key', () => {
    expect(() => redisKeys('gh{1}:')).toThrow(TypeError);
  });
});
