/** What a log line may say about an error: never its stack, its payload or a credential. */
export interface LogSafeError {
  name: string;
  code?: string | number;
  /** First line of an Error's message, credentials redacted; absent for anything not an Error. */
  message?: string;
}

// Names and codes are identifiers (`TypeError`, `ECONNREFUSED`, `store-unavailable`); anything
// else in those fields may be a payload and is left out.
const IDENTIFIER = /^[\w.:-]{1,64}$/;
const MAX_MESSAGE = 300;

// RFC 3986 §3.2.1: userinfo ("user:password@") sits between "scheme://" and the host; client
// libraries (ioredis among them) quote connection URLs in their messages.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;
// A JWS compact serialisation (RFC 7515 §7.1) and a gatehouse admin API key.
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]*/g;
const ADMIN_KEY = /\bgha_[\w-]+/g;

/** A message with credentials in URLs, JWTs and admin keys replaced by `***`. */
function redactMessage(message: string): string {
  return message.replace(URL_USERINFO, '$1***@').replace(JWT, '***').replace(ADMIN_KEY, 'gha_***');
}

function identifier(value: unknown): string | undefined {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : undefined;
}

/**
 * Summarises a caught value for a log line: `{ name, code?, message? }`. An Error gives its name,
 * its `code` (when an identifier or a number) and the first line of its message with credentials
 * redacted; any other value (a foreign payload) gives only its type, and a name and code when
 * those are identifiers. Stacks and causes are never included.
 */
export function logSafeError(error: unknown): LogSafeError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  const fallback = error instanceof Error ? 'Error' : error === null ? 'null' : typeof error;
  const summary: LogSafeError = { name: identifier(fields.name) ?? fallback };
  const code = Number.isFinite(fields.code) ? (fields.code as number) : identifier(fields.code);
  if (code !== undefined) summary.code = code;
  if (error instanceof Error && typeof error.message === 'string') {
    const line = redactMessage(error.message.split('\n', 1)[0]!).slice(0, MAX_MESSAGE).trim();
    if (line !== '') summary.message = line;
  }
  return summary;
}
