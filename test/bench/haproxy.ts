import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_AUDIENCE, BENCH_ISSUER } from './bench-token.js';
import { binaries } from './binaries.js';
import { startChild, type Child } from './children.js';

/**
 * haproxy.cfg for the haproxy-jwt peer (HAProxy 2.6 syntax): one thread, no logs, keep-alive
 * connections to the upstream reused by every client connection (`http-reuse always`), and on
 * every request the ES256 bearer token checked by HAProxy itself, with no cache: alg, iss, aud,
 * nbf and exp (against `date()`), the read:api scope and the signature (`jwt_verify` with the
 * bench key's SPKI PEM); anything else, no token included, is answered 401. `/api` is stripped
 * like the other proxies do.
 */
export function haproxyConfig(opts: {
  port: number;
  upstreamPort: number;
  publicKeyFile: string;
}): string {
  // jwt_verify wants its key file as a literal (loaded at start-up, never read at run time).
  const key = JSON.stringify(opts.publicKeyFile);
  return `global
  nbthread 1
  maxconn 8192
  # no "log" line: nothing is logged

defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  # Idle client connections between requests; wrk keeps its connections busy.
  timeout http-keep-alive 60s
  maxconn 8192

frontend bench
  bind 127.0.0.1:${opts.port}
  http-request set-var(txn.bearer) http_auth_bearer
  http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('$.alg')
  http-request set-var(txn.iss) var(txn.bearer),jwt_payload_query('$.iss')
  http-request set-var(txn.aud) var(txn.bearer),jwt_payload_query('$.aud')
  http-request set-var(txn.scope) var(txn.bearer),jwt_payload_query('$.scope')
  http-request set-var(txn.nbf) var(txn.bearer),jwt_payload_query('$.nbf','int')
  http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('$.exp','int')
  http-request set-var(txn.now) date()
  # A missing claim leaves its variable unset, which fails its test: 401.
  http-request deny deny_status 401 unless { var(txn.alg) -m str ES256 }
  http-request deny deny_status 401 unless { var(txn.iss) -m str ${BENCH_ISSUER} }
  http-request deny deny_status 401 unless { var(txn.aud) -m str ${BENCH_AUDIENCE} }
  http-request deny deny_status 401 unless { var(txn.now),sub(txn.nbf) -m int ge 0 }
  http-request deny deny_status 401 unless { var(txn.exp),sub(txn.now) -m int gt 0 }
  http-request deny deny_status 401 unless { var(txn.scope) -m reg '(^| )read:api( |$)' }
  http-request deny deny_status 401 unless { var(txn.bearer),jwt_verify(txn.alg,${key}) -m int 1 }
  http-request replace-path ^/api(/.*)$ \\1
  default_backend upstream

backend upstream
  http-reuse always
  # Idle upstream connections stay pooled between measurements (the default purges after 5s).
  server upstream 127.0.0.1:${opts.upstreamPort} pool-purge-delay 120s
`;
}

/** Runs `haproxy -f haproxy.cfg -db` (foreground) with its config and output in `dir`. */
export function startHaproxy(opts: {
  dir: string;
  port: number;
  upstreamPort: number;
  publicKeyFile: string;
  cpu: number;
}): Child {
  mkdirSync(opts.dir, { recursive: true });
  const cfg = join(opts.dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(opts));
  return startChild({
    name: 'haproxy',
    command: binaries.haproxy!,
    args: ['-f', cfg, '-db'],
    cpu: opts.cpu,
    cwd: opts.dir,
    logPath: join(opts.dir, 'haproxy.log'), // its warnings and alerts on stderr
  });
}
