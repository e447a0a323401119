import { invalidToken } from '../errors/errors.js';
import type { GatewayError } from '../errors/gateway-error.js';
import { base64urlDecode, isCanonicalBase64url } from '../lib/base64url.js';
import type { SigningAlgorithm } from '../keys/keyring.js';

/** A compact JWS split once per request: what the cache, the signature step and the claims read. */
export interface ParsedToken {
  /** The compact string itself (the cache key). */
  token: string;
  /** The JOSE header, a plain JSON object. */
  header: Readonly<Record<string, unknown>>;
  /** `alg` from the header, already checked against the accepted algorithms. */
  alg: SigningAlgorithm;
  /** ASCII `header.payload`, what the signature covers (RFC 7515 §5.2). */
  signingInput: string;
  /** The encoded payload and signature segments (canonical base64url). */
  payload: string;
  signature: string;
}

const malformed = (cause?: unknown): GatewayError =>
  invalidToken('malformed token', cause, 'malformed');

/**
 * The three segments of `token`, each the one canonical base64url spelling of its bytes, so a
 * signature with `==` appended or other trailing bits is not a second spelling of a verified
 * token (the cache and the logs keyed by the token see one string per token).
 */
export function splitToken(token: unknown): [string, string, string] {
  if (typeof token !== 'string' || token === '') throw malformed();
  const parts = token.split('.');
  if (!parts.every(isCanonicalBase64url) || parts.length !== 3) throw malformed();
  return parts as [string, string, string];
}

/**
 * Parses and checks the header of a split token the way jose's compact verify does, in its order:
 * a JSON object, no `crit` (RFC 7515 §4.1.11: no extension is understood here), a string `alg`
 * among `algorithms` (RFC 8725 §3.1). The `kid`, the signature and the claims are checked later.
 */
export function parseToken(
  token: string,
  parts: readonly [string, string, string],
  algorithms: readonly string[],
): ParsedToken {
  const header = decodeJsonObject(parts[0]);
  if (header === undefined) throw malformed();
  if (header.crit !== undefined) {
    const { crit } = header;
    const wellFormed =
      Array.isArray(crit) &&
      crit.length > 0 &&
      crit.every((name) => typeof name === 'string' && name !== '');
    if (!wellFormed) throw malformed();
    throw invalidToken('unsupported critical header', undefined, 'malformed');
  }
  const { alg } = header;
  if (typeof alg !== 'string' || alg === '') throw malformed();
  if (!algorithms.includes(alg)) {
    throw invalidToken('algorithm not allowed', undefined, 'algorithm_not_allowed');
  }
  return {
    token,
    header,
    alg: alg as SigningAlgorithm,
    signingInput: token.slice(0, parts[0].length + 1 + parts[1].length),
    payload: parts[1],
    signature: parts[2],
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON object a base64url segment holds (a plain object, as jose's `isObject`), else undefined. */
export function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(base64urlDecode(segment)));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}
