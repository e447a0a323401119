import { describe, expect, it } from 'vitest';
import { compileRoutes } from '../../../../src/policy/routes/compile-routes.js';
import { matchRoute } from '../../../../src/policy/routes/match-route.js';
import { testConfig } from '../../../helpers/test-gateway.js';
import { policyServices } from '../route-fixtures.js';

const routes = compileRoutes(
  testConfig(`
routes:
  - { name: exact, match: { path: /exact }, upstream: http://u, policy: public }
  - { name: prefix, match: { path: /prefix/* }, upstream: http://u, policy: public }
  - { name: writes, match: { path: /items/*, methods: [POST, DELETE] }, upstream: http://u, policy: token }
  - { name: reads, match: { path: /items/*, methods: [GET] }, upstream: http://u, policy: public }
  - { name: first, match: { path: /order/* }, upstream: http://u, policy: public }
  - { name: second, match: { path: /order/inner }, upstream: http://u, policy: token }
`),
  policyServices(),
);

const name = (path: string, method = 'GET') => matchRoute(routes, path, method)?.name;

describe('matchRoute', () => {
  it.each([
    ['/exact', 'exact'],
    ['/exact/', undefined],
    ['/exact/x', undefined],
    ['/exactly', undefined],
  ])('matches an exact pattern only exactly: %s', (path, expected) => {
    expect(name(path)).toBe(expected);
  });

  it.each([
    ['/prefix', 'prefix'],
    ['/prefix/', 'prefix'],
    ['/prefix/a/b', 'prefix'],
    ['/prefixfoo', undefined],
    ['/prefix-foo/x', undefined],
    ['/pre', undefined],
  ])('matches a prefix pattern at a segment boundary: %s', (path, expected) => {
    expect(name(path)).toBe(expected);
  });

  it('matches on the method too', () => {
    expect(name('/items/1', 'POST')).toBe('writes');
    expect(name('/items/1', 'GET')).toBe('reads');
    expect(name('/items/1', 'HEAD')).toBe('reads');
    expect(name('/items/1', 'PUT')).toBeUndefined();
  });

  it('treats methods as case-sensitive (RFC 9110 §9.1)', () => {
    expect(name('/items/1', 'post')).toBeUndefined();
  });

  it('takes the first matching route in config order', () => {
    expect(name('/order/inner')).toBe('first');
  });

  it('matches everything with /*', () => {
    const all = compileRoutes(
      testConfig('routes: [{ match: { path: "/*" }, upstream: "http://u", policy: public }]'),
      policyServices(),
    );
    expect(matchRoute(all, '/', 'GET')?.name).toBe('route-0');
    expect(matchRoute(all, '/any/thing', 'PATCH')?.name).toBe('route-0');
  });

  it('returns undefined when nothing matches', () => {
    expect(name('/nowhere')).toBeUndefined();
  });
});
