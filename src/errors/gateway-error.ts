/**
 * Every `code` a GatewayError can carry: a closed list, so a table keyed by code (the request
 * outcome) that misses one fails to compile. `internal` is the error boundary's opaque 500.
 */
export const ERROR_CODES = [
  'invalid-token',
  'missing-token',
  'insufficient-scope',
  'invalid-credentials',
  'bad-request',
  'not-found',
  'method-not-allowed',
  'payload-too-large',
  'unsupported-media-type',
  'too-many-requests',
  'store-unavailable',
  'revocation-stale',
  'bad-gateway',
  'gateway-timeout',
  'not-ready',
  'page-not-built',
  'identity-source-unavailable',
  'identity-unacceptable',
  'invalid-refresh-token',
  'missing-refresh-token',
  'origin-not-allowed',
  'precondition-failed',
  'precondition-required',
  'context-conflict',
  'context-unreadable',
  'context-too-large',
  'keys-managed-outside',
  'signing-key-not-found',
  'key-set-conflict',
  'forward-auth-refused',
  'request-timeout',
  'internal',
] as const;

/** A stable machine code of a GatewayError. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a GatewayError needs to be rendered as problem+json (RFC 9457). */
export interface GatewayErrorInit {
  /** Stable machine code, also the last segment of the problem `type`. */
  code: ErrorCode;
  status: number;
  title: string;
  /** Safe, fixed wording: never a token, a secret, claims or a library's message. */
  detail?: string;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** RFC 6750 challenge parameters for 401/403 on bearer-protected resources. */
  challenge?: { error: 'invalid_request' | 'invalid_token' | 'insufficient_scope'; scope?: string };
  /** Name of the request field at fault (400s). */
  field?: string;
  /** A finer stable label than `code`, for logs and metrics (e.g. why a token was refused); never rendered. */
  reason?: string;
  /** For logs only; never rendered. */
  cause?: unknown;
}

/** The one error type the boundary renders; anything else becomes an opaque 500. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly challenge: GatewayErrorInit['challenge'];
  readonly field: string | undefined;
  readonly reason: string | undefined;

  constructor(init: GatewayErrorInit) {
    super(init.detail ?? init.title, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.headers = init.headers;
    this.challenge = init.challenge;
    this.field = init.field;
    this.reason = init.reason;
  }

  /** The problem `type` URI. */
  get type(): string {
    return `urn:gatehouse:problem:${this.code}`;
  }
}
