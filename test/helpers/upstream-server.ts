import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the upstream saw of one request. */
export interface ReceivedRequest {
  method: string;
  /** The request target exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
}

/** A gate the test opens; endpoints wait on it. */
export interface Gate {
  open(): void;
  readonly opened: Promise<void>;
}

/** A real HTTP upstream on 127.0.0.1 for integration tests. */
export interface UpstreamServer {
  origin: string;
  /** Every request received, in order. */
  received: ReceivedRequest[];
  /** Resolves when the next /upload request receives its first body chunk. */
  nextUploadChunk(): Promise<void>;
  /** Makes the next /download write its first chunk, then wait for the gate before the rest. */
  holdNextDownload(): Gate;
  /** True once a /download has written its last byte. */
  readonly downloadFinished: boolean;
  /**
   * Targets of the /slow and /stall requests that lost their connection before they were
   * answered in full, and of the /upload requests whose body was cut off.
   */
  readonly abandoned: readonly string[];
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/**
 * Starts the upstream on 127.0.0.1:0. Endpoints: `/upload` (counts the body, answers
 * `{bytes}`), `/download?bytes=N` (`&fail`: drop the connection after the first chunk),
 * `/slow?ms=N`, `/stall` (headers and 64 KiB of a 128 KiB body, then nothing), `/close` (drops
 * the connection), `/cookies` (two Set-Cookie, hop-by-hop
 * headers), `/status?code=N[&location=L]` (that status, X-Upstream and Location); anything else
 * echoes method, url, headers and body.
 */
export async function startUpstreamServer(): Promise<UpstreamServer> {
  const received: ReceivedRequest[] = [];
  let uploadChunk: (() => void) | undefined;
  let downloadGate: Gate | undefined;
  let downloadFinished = false;
  const abandoned: string[] = [];

  const server = createServer((req, res) => {
    received.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
    });
    const url = new URL(req.url!, 'http://upstream');
    switch (url.pathname) {
      case '/upload':
        req.on('close', () => {
          if (!req.complete) abandoned.push(req.url!);
        });
        return upload(req, res, () => {
          uploadChunk?.();
          uploadChunk = undefined;
        });
      case '/stall':
        res.writeHead(200, { 'content-length': String(2 * CHUNK.length) });
        res.write(CHUNK);
        return void res.on('close', () => {
          if (!res.writableFinished) abandoned.push(req.url!);
        });
      case '/download': {
        const gate = downloadGate;
        downloadGate = undefined;
        downloadFinished = false;
        const fail = url.searchParams.has('fail');
        return void download(res, Number(url.searchParams.get('bytes')), gate, fail).then(() => {
          downloadFinished = !fail;
        });
      }
      case '/slow': {
        const timer = setTimeout(() => echo(req, res), Number(url.searchParams.get('ms')));
        return void res.on('close', () => {
          if (res.writableFinished) return;
          clearTimeout(timer);
          abandoned.push(req.url!);
        });
      }
      case '/close':
        return req.socket.destroy();
      case '/status': {
        const code = Number(url.searchParams.get('code'));
        const location = url.searchParams.get('location');
        res.writeHead(code, { 'x-upstream': 'yes', ...(location ? { location } : {}) });
        return res.end(`status ${code}`);
      }
      case '/cookies':
        // prettier-ignore
        res.writeHead(200, [
          'Set-Cookie', 'a=1; Path=/',
          'Set-Cookie', 'b=2; Path=/',
          'Connection', 'x-upstream-hop',
          'X-Upstream-Hop', 'secret',
          'Keep-Alive', 'timeout=77',
          'Content-Type', 'text/plain',
        ]);
        return res.end('ok');
      default:
        return echo(req, res);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    nextUploadChunk: () => new Promise<void>((resolve) => (uploadChunk = resolve)),
    holdNextDownload: () => (downloadGate = gate()),
    get downloadFinished() {
      return downloadFinished;
    },
    abandoned,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function echo(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.stringify({
      method: req.method,
      url: req.url,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'from-upstream' });
    res.end(body);
  });
}

function upload(req: IncomingMessage, res: ServerResponse, onFirstChunk: () => void): void {
  let bytes = 0;
  req.on('data', (chunk: Buffer) => {
    if (bytes === 0) onFirstChunk();
    bytes += chunk.length;
  });
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ bytes }));
  });
}

async function download(
  res: ServerResponse,
  total: number,
  hold: Gate | undefined,
  fail: boolean,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(total),
  });
  let written = 0;
  while (written < total) {
    const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - written));
    written += chunk.length;
    if (!res.write(chunk)) await once(res, 'drain');
    if (hold) {
      await hold.opened;
      hold = undefined;
    }
    if (fail) return void res.socket?.destroy();
  }
  res.end();
}

function gate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
