/**
 * Client-supplied forwarding and client-address headers (README "Requests and responses the
 * proxy rewrites"; each one's source is in test/vectors/forwarding-headers.json, which a test holds
 * equal to this list). Without `server.trustProxy` every one is removed: only a proxy we run may
 * say who the client is or how it connected. `kept` ones pass from a trusted proxy; `removed` ones
 * rewrite the request's path or method and never reach an upstream, which serves the path the
 * gateway matched. Underscore spellings (`X_Forwarded_For`) are always removed: CGI-style servers
 * read them as the dashed name, and no proxy sends them.
 */
export const forwardingHeaders: Readonly<Record<string, 'kept' | 'removed'>> = {
  forwarded: 'kept',
  'x-forwarded-for': 'kept',
  'x-forwarded-proto': 'kept',
  'x-forwarded-host': 'kept',
  'x-forwarded-port': 'kept',
  'x-forwarded-prefix': 'kept',
  'x-forwarded-scheme': 'kept',
  'x-forwarded-ssl': 'kept',
  'x-forwarded-server': 'kept',
  'x-forwarded-client-cert': 'kept',
  'x-real-ip': 'kept',
  'x-client-ip': 'kept',
  'client-ip': 'kept',
  'true-client-ip': 'kept',
  'cf-connecting-ip': 'kept',
  'cf-connecting-ipv6': 'kept',
  'fastly-client-ip': 'kept',
  'x-cluster-client-ip': 'kept',
  'x-original-forwarded-for': 'kept',
  'x-original-host': 'kept',
  'wl-proxy-client-ip': 'kept',
  'proxy-client-ip': 'kept',
  'x-proxyuser-ip': 'kept',
  'front-end-https': 'kept',
  'x-envoy-external-address': 'kept',
  'x-envoy-internal': 'kept',
  'x-original-url': 'removed',
  'x-rewrite-url': 'removed',
  'x-original-uri': 'removed',
  'x-original-method': 'removed',
  'x-forwarded-uri': 'removed',
  'x-forwarded-method': 'removed',
  'x-envoy-original-path': 'removed',
};
