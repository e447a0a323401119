import type { Context } from 'hono';
import type { RequestView, RequestViewSource } from '../proxy/request-view.js';
import type { GatewayEnv } from './gateway-env.js';

/** The request's view (see proxy/request-view), built by the runtime on first use and cached on `c`. */
export function requestViewOf(c: Context<GatewayEnv>, source: RequestViewSource): RequestView {
  let view = c.get('requestView');
  if (view === undefined) c.set('requestView', (view = source(c.req.raw, c.env)));
  return view;
}
