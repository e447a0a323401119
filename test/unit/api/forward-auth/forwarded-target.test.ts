import { describe, expect, it } from 'vitest';
import {
  readForwardedTarget,
  type ForwardedTarget,
} from '../../../../src/api/forward-auth/forwarded-target.js';

const VERIFY = '/auth/verify';

function read(
  headers: Record<string, string>,
  options: { method?: string; target?: string; trustProxy?: boolean } = {},
): ForwardedTarget {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return readForwardedTarget(
    {
      method: options.method ?? 'GET',
      target: options.target ?? VERIFY,
      header: (name) => lower[name],
    },
    { trustProxy: options.trustProxy ?? true, verifyPath: VERIFY },
  );
}

const traefik = { 'X-Forwarded-Method': 'POST', 'X-Forwarded-Uri': '/api/x?q=1' };
const nginx = { 'X-Original-Method': 'POST', 'X-Original-URI': '/api/x?q=1' };
const forwarded = { kind: 'forwarded', method: 'POST', target: '/api/x?q=1' };

describe('readForwardedTarget', () => {
  it('reads Traefik’s X-Forwarded-Method + X-Forwarded-Uri', () => {
    expect(read(traefik)).toEqual(forwarded);
  });

  it('reads nginx’s X-Original-Method + X-Original-URI', () => {
    expect(read(nginx)).toEqual(forwarded);
  });

  it('accepts both spellings when they agree', () => {
    expect(read({ ...traefik, ...nginx })).toEqual(forwarded);
  });

  it('refuses two spellings that disagree (one of them may be the client’s)', () => {
    const detail = 'conflicting forwarded request headers';
    expect(read({ ...nginx, 'X-Forwarded-Uri': '/public/x' })).toEqual({
      kind: 'malformed',
      detail,
    });
    expect(read({ ...nginx, 'X-Forwarded-Method': 'GET' })).toEqual({ kind: 'malformed', detail });
  });

  it('reads Envoy’s <verify path><original path> with the request’s own method', () => {
    expect(read({}, { method: 'DELETE', target: `${VERIFY}/api/x?q=1` })).toEqual({
      kind: 'forwarded',
      method: 'DELETE',
      target: '/api/x?q=1',
    });
    expect(read({}, { target: `${VERIFY}/` })).toEqual({
      kind: 'forwarded',
      method: 'GET',
      target: '/',
    });
  });

  it('lets Envoy’s path win over forwarded headers on the same request', () => {
    expect(read({ 'X-Forwarded-Uri': '/public/x' }, { target: `${VERIFY}/api/x` })).toMatchObject({
      target: '/api/x',
    });
  });

  it('upper-cases the method, as config does with route methods', () => {
    expect(read({ ...traefik, 'X-Forwarded-Method': 'post' })).toEqual(forwarded);
  });

  it('knows nothing without trustProxy, whatever the headers or the path say', () => {
    expect(read(traefik, { trustProxy: false })).toEqual({ kind: 'unknown' });
    expect(read({}, { trustProxy: false, target: `${VERIFY}/public/x` })).toEqual({
      kind: 'unknown',
    });
  });

  it('knows nothing when the URI or the method is missing or empty', () => {
    expect(read({})).toEqual({ kind: 'unknown' });
    expect(read({ 'X-Forwarded-Uri': '/api/x' })).toEqual({ kind: 'unknown' });
    expect(read({ 'X-Forwarded-Method': 'GET' })).toEqual({ kind: 'unknown' });
    expect(read({ 'X-Forwarded-Method': 'GET', 'X-Forwarded-Uri': '  ' })).toEqual({
      kind: 'unknown',
    });
  });

  it.each([
    ['a joined duplicate URI', { 'X-Forwarded-Uri': '/public/x, /api/x' }, 'request target'],
    ['a URI with a space', { 'X-Forwarded-Uri': '/api/a b' }, 'request target'],
    ['a URI with non-ASCII', { 'X-Forwarded-Uri': '/api/café' }, 'request target'],
    ['a joined duplicate method', { 'X-Forwarded-Method': 'GET, POST' }, 'method'],
    ['a method that is not a token', { 'X-Forwarded-Method': 'GE(T' }, 'method'],
  ])('refuses %s', (_, headers, what) => {
    expect(read({ ...traefik, ...headers })).toEqual({
      kind: 'malformed',
      detail: `malformed forwarded ${what}`,
    });
  });
});
