import { describe, expect, it } from 'vitest';
import { compileRoutes } from '../../../../src/policy/routes/compile-routes.js';
import { testConfig } from '../../../helpers/test-gateway.js';
import { policyServices } from '../route-fixtures.js';

const compile = (routesYaml: string, extra = '') =>
  compileRoutes(testConfig(`${extra}\nroutes:\n${routesYaml}`), policyServices());

describe('compileRoutes', () => {
  it('names routes route-<index> by default and keeps given names', () => {
    const routes = compile(`
  - { match: { path: /a }, upstream: http://u, policy: public }
  - { name: api, match: { path: /b }, upstream: http://u, policy: public }`);
    expect(routes.map((r) => r.name)).toEqual(['route-0', 'api']);
  });

  it('takes the route timeout, else server.timeouts.upstream', () => {
    const routes = compile(
      `
  - { match: { path: /a }, upstream: http://u, policy: public, timeout: 250ms }
  - { match: { path: /b }, upstream: http://u, policy: public }`,
      'server: { timeouts: { upstream: 7s } }',
    );
    expect(routes.map((r) => r.timeoutMs)).toEqual([250, 7000]);
  });

  it('keeps bodyLimit, forwardToken and scopes', () => {
    const [route] = compile(`
  - { match: { path: /a }, upstream: http://u, policy: token, scopes: "read write", forwardToken: true, bodyLimit: 1kb }`);
    expect(route).toMatchObject({
      bodyLimit: 1024,
      forwardToken: true,
      scopes: ['read', 'write'],
      policy: 'token',
    });
    expect(route!.steps).toHaveLength(2);
  });

  it('gives public routes no steps and token routes without scopes one', () => {
    const routes = compile(`
  - { match: { path: /a }, upstream: http://u, policy: public }
  - { match: { path: /b }, upstream: http://u, policy: token }`);
    expect(routes.map((r) => r.steps.length)).toEqual([0, 1]);
  });

  it('splits the upstream into origin, host and base path', () => {
    const [route] = compile(`
  - { match: { path: /api/* }, upstream: "http://127.0.0.1:8081/v1/", policy: public }`);
    expect(route!.upstream!.origin).toBe('http://127.0.0.1:8081');
    expect(route!.upstream!.host).toBe('127.0.0.1:8081');
    expect(route!.upstream!.target('/api/users', '?a=1')).toBe('/v1/api/users?a=1');
  });

  it.each([
    ['/api/users', '?q', '/v1/users?q'],
    ['/api', '', '/v1'],
    ['/api/', '', '/v1/'],
  ])('strips the prefix at a segment boundary: %s%s -> %s', (path, search, expected) => {
    const [route] = compile(`
  - { match: { path: /api/* }, upstream: "http://u/v1", policy: public, stripPrefix: /api }`);
    expect(route!.upstream!.target(path, search)).toBe(expected);
  });

  it('forwards to / when the prefix is the whole path and there is no base path', () => {
    const [route] = compile(`
  - { match: { path: /api/* }, upstream: "http://u", policy: public, stripPrefix: /api/ }`);
    expect(route!.upstream!.target('/api', '')).toBe('/');
    expect(route!.upstream!.target('/api/x', '')).toBe('/x');
  });

  it('leaves routes without upstream to forward-auth', () => {
    const [route] = compile(`
  - { match: { path: /a }, policy: public }`);
    expect(route!.upstream).toBeNull();
  });

  it('lets a GET route serve HEAD (RFC 9110 §9.3.2)', () => {
    const [route] = compile(`
  - { match: { path: /a, methods: [get, post] }, upstream: http://u, policy: public }`);
    expect([...route!.methods!].sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  // mirror mode (the default): a context route checks the mirror, then reads session and context.
  it.each([
    ['token', 'token', 1],
    ['session', 'session', 2],
    ['session with scopes', 'session, scopes: [read]', 3],
    ['context', 'context', 4],
    ['context with scopes', 'context, scopes: [read]', 5],
  ])('compiles the %s policy into its steps', (_title, policy, steps) => {
    const [route] = compile(`\n  - { match: { path: /a }, upstream: http://u, policy: ${policy} }`);
    expect(route!.steps).toHaveLength(steps);
  });

  it.each([
    ['lookup', 'session', 2],
    ['mirror', 'session', 2],
    ['lookup', 'context', 3],
    ['mirror', 'context', 4],
  ])('compiles in %s revocation mode a %s route', (mode, policy, steps) => {
    const [route] = compile(
      `\n  - { match: { path: /a }, upstream: http://u, policy: ${policy} }`,
      `revocation: { mode: ${mode} }`,
    );
    expect(route!.steps).toHaveLength(steps);
  });

  it('refuses mirror mode without a revocation mirror', () => {
    expect(() =>
      compileRoutes(
        testConfig('routes:\n  - { match: { path: /a }, upstream: http://u, policy: session }'),
        policyServices({ revocationMirror: null }),
      ),
    ).toThrow("routes[0]: revocation.mode 'mirror' needs a revocation mirror");
  });

  it.each([
    [
      'a wildcard not after a slash',
      '{ path: "/api*" }',
      'routes[0].match.path: a "*" must follow a "/"',
    ],
    [
      'a path not in normal form',
      '{ path: "/a//b" }',
      'routes[0].match.path: "/a//b" is not a normalised path (use "/a/b")',
    ],
    [
      'a path with dot segments',
      '{ path: "/a/../b/*" }',
      'routes[0].match.path: "/a/../b" is not a normalised path',
    ],
    [
      'a path that can never match',
      '{ path: "/a%2fb" }',
      'routes[0].match.path: "/a%2fb" can never match',
    ],
  ])('rejects %s', (_title, match, message) => {
    expect(() => compile(`\n  - { match: ${match}, upstream: http://u, policy: public }`)).toThrow(
      message,
    );
  });

  it.each([
    ['credentials', 'http://user:pw@u', 'routes[0].upstream: must not hold credentials'],
    ['a query', 'http://u/?a=1', 'routes[0].upstream: must not hold a query or fragment'],
  ])('rejects an upstream with %s', (_title, url, message) => {
    expect(() =>
      compile(`\n  - { match: { path: /a }, upstream: "${url}", policy: public }`),
    ).toThrow(message);
  });

  it('rejects scopes on a public route', () => {
    expect(() =>
      compile(`\n  - { match: { path: /a }, upstream: http://u, policy: public, scopes: [read] }`),
    ).toThrow("routes[0].scopes: a 'public' route cannot require scopes");
  });

  it.each([
    [
      'a public route',
      '{ match: { path: /a }, upstream: http://u, policy: public, assertion: true }',
      "routes[0].assertion: a 'public' route has no identity to assert",
    ],
    [
      'a route with neither name nor upstream',
      '{ match: { path: /a }, policy: token, assertion: true }',
      'routes[0].assertion: needs a name or an upstream: the assertion audience is one of them',
    ],
  ])('rejects assertion on %s', (_title, route, message) => {
    expect(() => compile(`\n  - ${route}`)).toThrow(message);
  });

  it('compiles assertion: true with the name, else the upstream origin, as audience', () => {
    const yaml = `
  - { name: orders, match: { path: /a }, upstream: "http://u:81/v2", policy: token, assertion: true }
  - { match: { path: /b }, upstream: "http://u:81/v2", policy: session, assertion: true }
  - { match: { path: /c }, upstream: "http://u:81", policy: token }`;
    const routes = compileRoutes(
      testConfig(`routes:\n${yaml}`),
      policyServices({ assertions: { sign: async ({ audience }) => `for ${audience}` } }),
    );
    expect(routes.map((route) => route.assertion?.audience ?? null)).toEqual([
      'orders',
      'http://u:81',
      null,
    ]);
  });

  it('needs an assertion signer for assertion routes', () => {
    expect(() =>
      compile(
        `\n  - { name: a, match: { path: /a }, upstream: http://u, policy: token, assertion: true }`,
      ),
    ).toThrow('routes[0].assertion: needs an assertion signer');
  });
});
