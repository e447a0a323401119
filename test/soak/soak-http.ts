import { Client } from 'undici';

/** One answered (or failed) HTTP call, with when it started and ended (performance.now()). */
export interface Reply {
  /** The status, or 'network-error' when no response came (always unexpected). */
  status: number | 'network-error';
  /** Response headers, lower-cased; repeated ones joined by '\n'. */
  headers: Record<string, string>;
  body: string;
  /** What went wrong on the wire (network errors only). */
  error?: string;
  startedAt: number;
  endedAt: number;
}

/** A request to send. */
export interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** JSON body (sent with content-type application/json). */
  json?: unknown;
}

/** A keep-alive HTTP connection to the gateway, one request at a time. */
export interface SoakHttp {
  send(call: Call): Promise<Reply>;
  close(): Promise<void>;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join('\n') : value;
  }
  return flat;
}

/** Opens one undici Client (a single keep-alive connection, no pipelining) to `origin`. */
export function soakHttp(origin: string): SoakHttp {
  const client = new Client(origin, {
    pipelining: 1,
    // Generous: a call that hangs this long is reported as a network error, not waited for.
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  return {
    async send(call) {
      const startedAt = performance.now();
      const headers: Record<string, string> = { ...call.headers };
      if (call.json !== undefined) headers['content-type'] = 'application/json';
      try {
        const response = await client.request({
          method: call.method as 'GET',
          path: call.path,
          headers,
          body: call.json === undefined ? undefined : JSON.stringify(call.json),
        });
        const body = await response.body.text();
        const reply = {
          status: response.statusCode,
          headers: flatten(response.headers),
          body,
          startedAt,
        };
        return { ...reply, endedAt: performance.now() };
      } catch (error) {
        const { code, message } = error as { code?: string; message?: string };
        return {
          status: 'network-error',
          headers: {},
          body: '',
          error: `${code ?? 'error'}: ${message ?? String(error)}`,
          startedAt,
          endedAt: performance.now(),
        };
      }
    },
    close: () => client.close(),
  };
}
