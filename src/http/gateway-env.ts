import type { Logger } from '../observability/logger.js';
import type { PolicyName } from '../config/route-schema.js';
import type { DenyReason } from '../policy/decision.js';
import type { RequestView } from '../proxy/request-view.js';

/** Hono environment of the gateway app: per-request variables set by the http middleware. */
export interface GatewayEnv {
  Variables: {
    requestId: string;
    /** Logger bound to this request's id. */
    log: Logger;
    /** Route name for logs and metrics, once known. */
    routeName?: string;
    /** Policy of the route applied, for metrics. */
    policy?: PolicyName;
    /** Why the route's policy denied the request, for metrics. */
    denyReason?: DenyReason;
    /**
     * Status of a response forwarded from upstream, recorded once by the proxy handler; when set,
     * the response is the transport's (it may already be written), so middleware leaves it alone.
     */
    status?: number;
    /** The runtime's view of the request, once built (http/request-view). */
    requestView?: RequestView;
  };
}
