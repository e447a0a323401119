import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binaries } from './binaries.js';
import { startChild, type Child } from './children.js';

/**
 * nginx.conf for target (2): one worker, `keepalive` idle connections kept to the upstream,
 * everything under `dir`.
 */
export function nginxConfig(
  dir: string,
  port: number,
  upstreamPort: number,
  keepalive: number,
): string {
  const isRoot = process.getuid?.() === 0;
  return `${isRoot ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  # Node's servers and undici never close a busy keep-alive connection; nginx's default is
  # after 1000 requests, which would cost it reconnects the others do not pay.
  keepalive_requests 1000000;
  upstream bench_upstream {
    server 127.0.0.1:${upstreamPort};
    keepalive ${keepalive};
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location /api/ {
      proxy_pass http://bench_upstream/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** Runs nginx in the foreground with its own prefix, config and error log in `dir`. */
export function startNginx(opts: {
  dir: string;
  port: number;
  upstreamPort: number;
  keepalive: number;
  cpu: number;
}): Child {
  mkdirSync(opts.dir, { recursive: true });
  const conf = join(opts.dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(opts.dir, opts.port, opts.upstreamPort, opts.keepalive));
  return startChild({
    name: 'nginx',
    command: binaries.nginx!,
    // -e: the startup error log, before the config is read (else /var/log/nginx/error.log).
    args: ['-p', opts.dir, '-c', conf, '-e', join(opts.dir, 'error.log'), '-g', 'daemon off;'],
    cpu: opts.cpu,
    logPath: join(opts.dir, 'error.log'), // nginx's own error log, and anything on stderr
  });
}
