import { encodeHeaderValue } from '../lib/header-value.js';
import { forwardingHeaders } from './forwarding-headers.js';
import { methodOverrideHeaders } from './method-override-headers.js';
import { connectionOptions, hopByHopHeaders } from './header-pairs.js';

/** Per-gateway settings for header rewriting, made once at start. */
export interface UpstreamHeaderPolicy {
  /** Trust the client's X-Forwarded-* / Forwarded (the peer is a proxy we run). */
  trustProxy: boolean;
  /** Cookies the gateway owns (the refresh cookie), removed from `Cookie`. */
  gatewayCookies: readonly string[];
}

/** What is known of one request when its upstream headers are built. */
export interface UpstreamHeaderInput {
  /** The upstream's host (and port), for `Host`. */
  host: string;
  forwardToken: boolean;
  /** The route forwards method-override headers (its `methodOverride`). */
  methodOverride: boolean;
  identity: { sub: string; sid: string; scope: readonly string[] } | null;
  /** X-Auth-Context on `context` routes (base64url of the context JSON, context-forwarder); else null. */
  contextHeader: string | null;
  /** The signed assertion on `assertion: true` routes, sent as X-Auth-Assertion; else null. */
  assertion: string | null;
  requestId: string;
  /** The peer's address; undefined when the runtime does not say. */
  peerAddress: string | undefined;
  /** Scheme the client used to reach the gateway. */
  proto: string;
}

// nginx and CGI-style servers treat "_" like "-", so `X_Auth_Subject` would pass as X-Auth-Subject.
const AUTH_HEADER = /^x[-_]auth[-_]/;
// Replaced by the gateway, or meaningless upstream (undici refuses `expect`).
const REPLACED = new Set(['host', 'x-request-id', 'proxy-authorization', 'expect']);

/**
 * Builds upstream request headers from the client's flat name/value pairs: scrubs every
 * X-Auth-* spelling (X-Auth-Assertion included), hop-by-hop headers, Authorization (unless
 * forwarded) and the gateway's cookies, then sets Host, identity (X-Auth-Context,
 * X-Auth-Assertion), X-Request-Id and X-Forwarded-* headers.
 */
export function buildUpstreamHeaders(
  pairs: readonly string[],
  input: UpstreamHeaderInput,
  policy: UpstreamHeaderPolicy,
): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  let connection = '';
  let clientHost: string | undefined;
  for (let i = 0; i < pairs.length; i += 2) {
    const name = pairs[i]!.toLowerCase();
    const value = pairs[i + 1]!;
    if (name === 'connection') connection += `,${value}`;
    else if (name === 'host') clientHost ??= value;
    else if (isForwardable(name, input, policy.trustProxy)) {
      const previous = headers[name];
      // RFC 9110 §5.3 joins field lines with ", "; RFC 6265 §5.4 joins cookies with "; ".
      headers[name] =
        previous === undefined ? value : `${previous}${name === 'cookie' ? '; ' : ', '}${value}`;
    }
  }
  if (connection !== '') for (const option of connectionOptions(connection)) delete headers[option];
  if (headers.cookie !== undefined) scrubCookies(headers, policy.gatewayCookies);
  setForwarded(headers, input, policy.trustProxy, clientHost);
  headers.host = input.host;
  headers['x-request-id'] = input.requestId;
  if (input.identity) {
    // Percent-encoded UTF-8 beyond visible ASCII (lib/header-value): never an invalid header.
    headers['x-auth-subject'] = encodeHeaderValue(input.identity.sub);
    headers['x-auth-session'] = encodeHeaderValue(input.identity.sid);
    headers['x-auth-scope'] = input.identity.scope.map(encodeHeaderValue).join(' ');
  }
  if (input.contextHeader !== null) headers['x-auth-context'] = input.contextHeader;
  if (input.assertion !== null) headers['x-auth-assertion'] = input.assertion;
  return headers;
}

function isForwardable(name: string, input: UpstreamHeaderInput, trustProxy: boolean): boolean {
  if (hopByHopHeaders.has(name) || REPLACED.has(name) || AUTH_HEADER.test(name)) return false;
  if (name === 'authorization') return input.forwardToken;
  const forwarding = forwardingHeaders[name];
  if (forwarding !== undefined) return trustProxy && forwarding === 'kept';
  if (methodOverrideHeaders.has(name)) return input.methodOverride;
  if (name.includes('_')) {
    const dashed = name.replaceAll('_', '-');
    if (forwardingHeaders[dashed] !== undefined || methodOverrideHeaders.has(dashed)) return false;
  }
  return name.charCodeAt(0) !== 0x3a; // HTTP/2 pseudo-headers
}

function setForwarded(
  headers: Record<string, string>,
  input: UpstreamHeaderInput,
  trustProxy: boolean,
  clientHost: string | undefined,
): void {
  // Without trustProxy these were dropped above, so only our own values are sent.
  const chain = headers['x-forwarded-for'];
  const forwardedFor = input.peerAddress
    ? chain
      ? `${chain}, ${input.peerAddress}`
      : input.peerAddress
    : chain;
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  headers['x-forwarded-proto'] ??= input.proto;
  const host = trustProxy ? (headers['x-forwarded-host'] ?? clientHost) : clientHost;
  if (host) headers['x-forwarded-host'] = host;
}

function scrubCookies(headers: Record<string, string>, gatewayCookies: readonly string[]): void {
  const cookie = headers.cookie!;
  if (!gatewayCookies.some((name) => cookie.includes(name))) return;
  const kept: string[] = [];
  for (const part of cookie.split(';')) {
    const pair = part.trim();
    const eq = pair.indexOf('=');
    if (pair !== '' && !gatewayCookies.includes(eq < 0 ? pair : pair.slice(0, eq).trim()))
      kept.push(pair);
  }
  if (kept.length === 0) delete headers.cookie;
  else headers.cookie = kept.join('; ');
}
