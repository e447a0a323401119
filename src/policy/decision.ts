import type { GatewayError } from '../errors/gateway-error.js';
import type { ForwardedContext } from '../context/context-forwarder.js';
import type { CompiledRoute } from './routes/compiled-route.js';
import type { Identity } from './identity.js';

/** Short labels for why a request was denied, for logs and metrics. */
export type DenyReason =
  | 'bad-path'
  | 'method-override'
  | 'no-route'
  | 'missing-token'
  | 'invalid-token'
  | 'insufficient-scope'
  | 'session-revoked'
  | 'token-revoked'
  | 'user-revoked'
  | 'revocation-stale'
  | 'session-mismatch'
  | 'store-unavailable'
  | 'context-unreadable'
  | 'context-too-large';

/** The outcome of evaluating a request against the routes: allow with an identity, or deny. */
export type Decision =
  | {
      allow: true;
      route: CompiledRoute;
      /** Null on `public` routes. */
      identity: Identity | null;
      /**
       * The session context on `context` routes (forwarded as X-Auth-Context); null on other
       * routes, and when the store was down on an `onStoreDown: open` route.
       */
      context: ForwardedContext | null;
      /** The normalised path and query the route matched. */
      path: string;
      search: string;
      /** The signed X-Auth-Assertion on `assertion: true` routes; else null. */
      assertion: string | null;
    }
  | { allow: false; route: CompiledRoute | null; error: GatewayError; reason: DenyReason };
