import { badRequest } from '../../errors/errors.js';
import type { GatewayError } from '../../errors/gateway-error.js';

/** A request target split into its normalised path and its query (`?...`, or '' when empty). */
export interface NormalizedTarget {
  path: string;
  search: string;
}

// Already canonical: pchar-only segments (RFC 3986 §3.3) between single slashes, no escapes.
const CANONICAL_PATH = /^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@]+)*\/?$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
const CANONICAL_QUERY = /^[\x21-\x7e]*$/;
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

const UNRESERVED = new Uint8Array(128);
const PCHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') {
  UNRESERVED[ch.charCodeAt(0)] = 1;
  PCHAR[ch.charCodeAt(0)] = 1;
}
for (const ch of "!$&'()*+,;=:@") PCHAR[ch.charCodeAt(0)] = 1;
const ESCAPE = Array.from(
  { length: 256 },
  (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
);

const reject = (detail: string): GatewayError => badRequest('path', detail);

/**
 * Normalises a raw request target (origin- or absolute-form) for route matching, or throws a
 * 400 GatewayError: an encoded slash, a backslash, a control character or a malformed escape.
 */
export function normalizePath(target: string): NormalizedTarget {
  let start = 0;
  if (target.charCodeAt(0) !== 0x2f) {
    // RFC 9112 §3.2.2: servers accept the absolute-form; only its path and query matter here.
    const absolute = ABSOLUTE_FORM.exec(target);
    if (!absolute) throw reject('the request target must start with "/"');
    start = absolute[0].length;
  }
  const hash = target.indexOf('#', start);
  const end = hash < 0 ? target.length : hash; // a fragment is never sent on (RFC 3986 §3.5)
  const query = target.indexOf('?', start);
  const pathEnd = query >= 0 && query < end ? query : end;
  const rawPath = pathEnd === start ? '/' : target.slice(start, pathEnd);
  if (rawPath.charCodeAt(0) !== 0x2f) throw reject('the request target must start with "/"');
  const path =
    CANONICAL_PATH.test(rawPath) && !DOT_SEGMENT.test(rawPath) ? rawPath : resolvePath(rawPath);
  const search = pathEnd + 1 < end ? canonicalQuery(target.slice(pathEnd, end)) : '';
  return { path, search };
}

/** Canonicalises each segment, drops empty ones, then removes dot segments (RFC 3986 §5.2.4). */
function resolvePath(rawPath: string): string {
  const parts = rawPath.split('/');
  const stack: string[] = [];
  let trailingSlash = false;
  for (let i = 1; i < parts.length; i++) {
    const segment = canonicalSegment(parts[i]!);
    const dot = segment === '.' || segment === '..';
    trailingSlash = segment === '' || dot;
    if (segment === '..')
      stack.pop(); // `..` above the root stays at the root
    else if (!trailingSlash) stack.push(segment);
  }
  if (stack.length === 0) return '/';
  return `/${stack.join('/')}${trailingSlash ? '/' : ''}`;
}

/** Decodes unreserved escapes (§2.3), upper-cases the rest (§6.2.2.1), encodes non-pchars. */
function canonicalSegment(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length;) {
    const code = segment.charCodeAt(i);
    if (code === 0x25) {
      const byte = hexByte(segment, i + 1);
      if (byte < 0) throw reject('malformed percent-encoding in the path');
      // An encoded "/" or "\" must never reach an upstream that decodes it after we matched.
      if (byte === 0x2f || byte === 0x5c) throw reject('encoded slash or backslash in the path');
      if (byte < 0x20 || byte === 0x7f) throw reject('control character in the path');
      out += UNRESERVED[byte] === 1 ? String.fromCharCode(byte) : ESCAPE[byte];
      i += 3;
    } else if (code < 0x20 || code === 0x7f) {
      throw reject('control character in the path');
    } else if (code === 0x5c) {
      throw reject('backslash in the path');
    } else if (code < 0x80 && PCHAR[code] === 1) {
      out += segment[i];
      i += 1;
    } else {
      const codePoint = segment.codePointAt(i)!;
      out += encodeCodePoint(codePoint);
      i += codePoint > 0xffff ? 2 : 1;
    }
  }
  return out;
}

/** The query unchanged, except that raw spaces and non-ASCII are percent-encoded. */
function canonicalQuery(search: string): string {
  if (CANONICAL_QUERY.test(search.slice(1))) return search;
  let out = '?';
  for (let i = 1; i < search.length;) {
    const code = search.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) throw reject('control character in the query');
    const codePoint = search.codePointAt(i)!;
    out += code > 0x20 && code < 0x7f ? search[i] : encodeCodePoint(codePoint);
    i += codePoint > 0xffff ? 2 : 1;
  }
  return out;
}

function encodeCodePoint(codePoint: number): string {
  try {
    return encodeURIComponent(String.fromCodePoint(codePoint));
  } catch {
    throw reject('malformed character in the request target'); // a lone UTF-16 surrogate
  }
}

function hexByte(text: string, at: number): number {
  const high = hexDigit(text.charCodeAt(at));
  const low = hexDigit(text.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
