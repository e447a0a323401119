import type { IncomingMessage } from 'node:http';

/** The TCP peer address from @hono/node-server bindings (`c.env.incoming`). */
export function remoteAddress(bindings: unknown): string | undefined {
  const incoming = (bindings as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}
