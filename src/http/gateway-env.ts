import type { Logger } from '../observability/logger.js';

/** Hono environment of the gateway app: per-request variables set by the http middleware. */
export interface GatewayEnv {
  Variables: {
    requestId: string;
    /** Logger bound to this request's id. */
    log: Logger;
    /** Route name for logs and metrics, once known. */
    routeName?: string;
    /** Status sent by a handler that wrote the response itself (streamed proxy responses). */
    status?: number;
  };
}
