/** What a GatewayError needs to be rendered as problem+json (RFC 9457). */
export interface GatewayErrorInit {
  /** Stable machine code, also the last segment of the problem `type`. */
  code: string;
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
  readonly code: string;
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
