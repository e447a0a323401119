import { GatewayError } from './gateway-error.js';

// Constructors for every error the gateway renders. One place, fixed wording.

/**
 * 401 for a missing, malformed, expired or otherwise unacceptable access token (RFC 6750 §3.1).
 * `reason` is a metric label for why (the verifier's result), never rendered.
 */
export const invalidToken = (detail: string, cause?: unknown, reason?: string): GatewayError =>
  new GatewayError({
    code: 'invalid-token',
    status: 401,
    title: 'Invalid access token',
    detail,
    challenge: { error: 'invalid_token' },
    cause,
    reason,
  });

/** 401 when a protected route gets no credentials at all (RFC 6750 §3.1: no error code). */
export const missingToken = (): GatewayError =>
  new GatewayError({
    code: 'missing-token',
    status: 401,
    title: 'Authentication required',
    detail: 'no bearer token in the Authorization header',
    challenge: { error: 'invalid_request' },
  });

/** 403 when a valid token lacks a scope the route requires (RFC 6750 §3.1). */
export const insufficientScope = (required: readonly string[]): GatewayError =>
  new GatewayError({
    code: 'insufficient-scope',
    status: 403,
    title: 'Insufficient scope',
    detail: `this route requires scope: ${required.join(' ')}`,
    challenge: { error: 'insufficient_scope', scope: required.join(' ') },
  });

/** 401 for a failed login; identical for unknown users and wrong passwords. */
export const invalidCredentials = (): GatewayError =>
  new GatewayError({
    code: 'invalid-credentials',
    status: 401,
    title: 'Invalid credentials',
    detail: 'username or password is incorrect',
  });

/** 400 naming the field at fault. */
export const badRequest = (field: string, detail: string): GatewayError =>
  new GatewayError({ code: 'bad-request', status: 400, title: 'Bad request', detail, field });

/** 404 for paths no route or endpoint matches. */
export const notFound = (detail = 'no route matches this request'): GatewayError =>
  new GatewayError({ code: 'not-found', status: 404, title: 'Not found', detail });

/** 405 for a path that matches but a method that does not. */
export const methodNotAllowed = (allow: readonly string[]): GatewayError =>
  new GatewayError({
    code: 'method-not-allowed',
    status: 405,
    title: 'Method not allowed',
    detail: `allowed: ${allow.join(', ')}`,
    headers: { Allow: allow.join(', ') },
  });

/**
 * 413 for bodies over the configured limit; `closeConnection` when the rest of the body was not
 * read, so the connection cannot carry another request (RFC 9112 §9.6: `Connection: close`).
 */
export const payloadTooLarge = (limitBytes: number, closeConnection = false): GatewayError =>
  new GatewayError({
    code: 'payload-too-large',
    status: 413,
    title: 'Payload too large',
    detail: `the body exceeds the limit of ${limitBytes} bytes`,
    headers: closeConnection ? { Connection: 'close' } : undefined,
  });

/** 415 for JSON endpoints given another media type. */
export const unsupportedMediaType = (expected: string): GatewayError =>
  new GatewayError({
    code: 'unsupported-media-type',
    status: 415,
    title: 'Unsupported media type',
    detail: `expected ${expected}`,
  });

/** 429 with Retry-After in whole seconds. */
export const tooManyRequests = (retryAfterSeconds: number): GatewayError =>
  new GatewayError({
    code: 'too-many-requests',
    status: 429,
    title: 'Too many requests',
    detail: 'try again later',
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });

/** 503 when the session store cannot be reached; clients should retry. */
export const storeUnavailable = (cause?: unknown): GatewayError =>
  new GatewayError({
    code: 'store-unavailable',
    status: 503,
    title: 'Session store unavailable',
    detail: 'the session store cannot be reached; retry shortly',
    headers: { 'Retry-After': '1' },
    cause,
  });

/** 503 when the revocation mirror cannot be confirmed fresh (README "Revocation"): fail closed. */
export const revocationStale = (): GatewayError =>
  new GatewayError({
    code: 'revocation-stale',
    status: 503,
    title: 'Revocation state unavailable',
    detail: 'revocation state is stale',
    headers: { 'Retry-After': '1' },
  });

/** 502 when the upstream refuses or resets the connection. */
export const badGateway = (cause?: unknown): GatewayError =>
  new GatewayError({
    code: 'bad-gateway',
    status: 502,
    title: 'Bad gateway',
    detail: 'the upstream could not be reached',
    cause,
  });

/** 504 when the upstream does not answer in time. */
export const gatewayTimeout = (cause?: unknown): GatewayError =>
  new GatewayError({
    code: 'gateway-timeout',
    status: 504,
    title: 'Gateway timeout',
    detail: 'the upstream did not answer in time',
    cause,
  });

/** 503 while the gateway is not ready (keys not loaded, shutting down). */
export const notReady = (detail: string): GatewayError =>
  new GatewayError({
    code: 'not-ready',
    status: 503,
    title: 'Not ready',
    detail,
    headers: { 'Retry-After': '1' },
  });

/** 503 for a page whose browser files were never built (they are not part of the sources). */
export const pageNotBuilt = (page: string): GatewayError =>
  new GatewayError({
    code: 'page-not-built',
    status: 503,
    title: 'Page not built',
    detail: `the ${page} is not built: run \`npm run build\` (or \`npm run build:browser\`)`,
  });

/** 503 when a login source (e.g. the webhook) fails or times out. */
export const identitySourceUnavailable = (cause?: unknown): GatewayError =>
  new GatewayError({
    code: 'identity-source-unavailable',
    status: 503,
    title: 'Identity source unavailable',
    detail: 'the login source did not answer; retry shortly',
    headers: { 'Retry-After': '1' },
    cause,
  });

/**
 * 502 when a login source accepts the credentials but names an identity the gateway refuses (a
 * scope that is not one scope-token, a subject with control characters). `cause` says which field,
 * never its value; retrying cannot help, so no Retry-After.
 */
export const identityUnacceptable = (cause?: unknown): GatewayError =>
  new GatewayError({
    code: 'identity-unacceptable',
    status: 502,
    title: 'Bad gateway',
    detail: 'the login source answered with an identity the gateway does not accept',
    cause,
  });

/**
 * 401 for a refresh token that is malformed, unknown, expired, revoked or reused; one wording for
 * all, like RFC 6749 §5.2 `invalid_grant`. `headers` carries e.g. the Set-Cookie that clears it.
 */
export const invalidRefreshToken = (headers?: Record<string, string>): GatewayError =>
  new GatewayError({
    code: 'invalid-refresh-token',
    status: 401,
    title: 'Invalid refresh token',
    detail: 'the refresh token is invalid, expired or revoked',
    headers,
  });

/** 401 for a refresh request with no refresh token in the cookie or the body. */
export const missingRefreshToken = (): GatewayError =>
  new GatewayError({
    code: 'missing-refresh-token',
    status: 401,
    title: 'Refresh token required',
    detail: 'no refresh token in the cookie or the body',
  });

/** 403 for a cookie-authenticated request whose Origin (or Referer) is not allowed (CSRF). */
export const originNotAllowed = (): GatewayError =>
  new GatewayError({
    code: 'origin-not-allowed',
    status: 403,
    title: 'Origin not allowed',
    detail: 'a cookie-authenticated request needs an Origin listed in cors.allowedOrigins',
  });

/** 412 when If-Match names another version of the session context (RFC 9110 §13.1.1). */
export const preconditionFailed = (etag: string): GatewayError =>
  new GatewayError({
    code: 'precondition-failed',
    status: 412,
    title: 'Precondition failed',
    detail: 'the session context has changed; read it again and retry with its ETag',
    headers: { ETag: etag },
  });

/** 428 when config requires If-Match on context writes and the request has none (RFC 6585 §3). */
export const preconditionRequired = (): GatewayError =>
  new GatewayError({
    code: 'precondition-required',
    status: 428,
    title: 'Precondition required',
    detail: 'send If-Match with the ETag of the session context (or "*")',
  });

/** 409 when an unconditional context PATCH kept losing to concurrent writers. */
export const contextConflict = (): GatewayError =>
  new GatewayError({
    code: 'context-conflict',
    status: 409,
    title: 'Conflict',
    detail: 'the session context kept changing concurrently; retry, preferably with If-Match',
  });

/** 500 when a stored context cannot be decrypted or decoded: it is never served in that state. */
export const contextUnreadable = (cause?: unknown): GatewayError =>
  new GatewayError({
    code: 'context-unreadable',
    status: 500,
    title: 'Session context unreadable',
    detail: 'the session context cannot be read',
    cause,
  });

/** 502 when a context route's context would not fit the X-Auth-Context header limit. */
export const contextTooLargeToForward = (limitBytes: number): GatewayError =>
  new GatewayError({
    code: 'context-too-large',
    status: 502,
    title: 'Bad gateway',
    detail: `session context too large to forward (X-Auth-Context over ${limitBytes} bytes)`,
  });

/** 409 when asked to rotate signing keys that are read from a file or the environment. */
export const keysManagedOutside = (): GatewayError =>
  new GatewayError({
    code: 'keys-managed-outside',
    status: 409,
    title: 'Conflict',
    detail: 'keys are managed outside gatehouse (tokens.keys.source is file or env)',
  });

/** 404 for a key revocation naming a kid the signing key set does not hold. */
export const signingKeyNotFound = (): GatewayError =>
  new GatewayError({
    code: 'signing-key-not-found',
    status: 404,
    title: 'Not found',
    detail: 'no signing key with this kid (already revoked, or pruned after its tokens expired)',
  });

/** 409 when a key rotation kept losing its compare-and-set to concurrent writers. */
export const keySetConflict = (): GatewayError =>
  new GatewayError({
    code: 'key-set-conflict',
    status: 409,
    title: 'Conflict',
    detail: 'the signing keys kept changing concurrently; retry',
  });

/**
 * 403 from forward-auth for a request it will not vouch for: no route matches it, or its
 * forwarded target is unusable (a proxy's auth_request only relays 401 and 403).
 */
export const forwardAuthRefused = (detail: string): GatewayError =>
  new GatewayError({ code: 'forward-auth-refused', status: 403, title: 'Forbidden', detail });

/**
 * 408 when a body the gateway reads itself did not arrive within `server.timeouts.body`
 * (RFC 9110 §15.5.9); the connection is closed, so a slow sender cannot hold it.
 */
export const requestTimeout = (timeoutMs: number): GatewayError =>
  new GatewayError({
    code: 'request-timeout',
    status: 408,
    title: 'Request timeout',
    detail: `the request body did not arrive within ${timeoutMs} ms`,
    headers: { Connection: 'close' },
  });

/** 408 when a proxied request body stops arriving (`server.timeouts.bodyIdle`); the socket closes. */
export const requestBodyIdle = (idleMs: number): GatewayError =>
  new GatewayError({
    code: 'request-timeout',
    status: 408,
    title: 'Request timeout',
    detail: `no byte of the request body arrived for ${idleMs} ms`,
    headers: { Connection: 'close' },
  });
