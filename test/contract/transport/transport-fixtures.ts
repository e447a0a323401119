import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Client } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Logger } from '../../../src/observability/logger.js';
import type { UpstreamTransport } from '../../../src/proxy/upstream-transport.js';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { startUpstreamServer, type UpstreamServer } from '../../helpers/upstream-server.js';

/** What a transport gives the contract suite. */
export interface TransportHarness {
  /**
   * A fresh transport logging to `logger`; the suite serves a gateway on it (the Node listener)
   * and closes it.
   */
  createTransport(logger: Logger): UpstreamTransport;
}

/** The gateway, its upstream and a client, shared by the cases of one file. */
export interface TransportContext {
  upstream(): UpstreamServer;
  served(): ServedGateway;
  /** A client of the gateway, new for each test. */
  client(): Client;
  /** Access log lines (`request` entries) of the gateway, cleared before each test. */
  accessLog(): Array<{ route?: string; status?: number }>;
  /** The transport's idle-body log lines, cleared before each test. */
  idleLog(): IdleLine[];
}

/** What the transport logs when a proxied body goes quiet. */
export interface IdleLine {
  route?: string;
  direction?: string;
  idleMs?: number;
}

/** `server.timeouts.bodyIdle` of the suite's gateway: short, so idle cases stay fast. */
export const BODY_IDLE_MS = 600;

export const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(MB, 0x62);

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function routes(origin: string, downPort: number): string {
  return `
server: { timeouts: { bodyIdle: ${BODY_IDLE_MS}ms } }
routes:
  - { name: echo, match: { path: /echo/* }, upstream: "${origin}", policy: public }
  - { name: status, match: { path: /status }, upstream: "${origin}", policy: public }
  - { name: cookies, match: { path: /cookies }, upstream: "${origin}", policy: public }
  - { name: upload, match: { path: /upload }, upstream: "${origin}", policy: public }
  - { name: limited, match: { path: /limited }, upstream: "${origin}/upload", stripPrefix: /limited, policy: public, bodyLimit: 1kb }
  - { name: download, match: { path: /download }, upstream: "${origin}", policy: public, timeout: 200ms }
  - { name: slow, match: { path: /slow }, upstream: "${origin}", policy: public, timeout: 200ms }
  - { name: patient, match: { path: /patient }, upstream: "${origin}/slow", stripPrefix: /patient, policy: public }
  - { name: stall, match: { path: /stall }, upstream: "${origin}", policy: public }
  - { name: reset, match: { path: /close }, upstream: "${origin}", policy: public }
  - { name: down, match: { path: /down/* }, upstream: "http://127.0.0.1:${downPort}", policy: public }
`;
}

/** Starts the upstream and a gateway on the harness's transport for the cases of one file. */
export function useTransportGateway(harness: TransportHarness): TransportContext {
  let upstream: UpstreamServer;
  let served: ServedGateway;
  let client: Client;
  const lines: Array<{ route?: string; status?: number }> = [];
  const idle: IdleLine[] = [];
  const logger: Logger = {
    debug: () => {},
    info: (fields, message) => {
      if (message === 'request') lines.push(fields as { route?: string; status?: number });
    },
    warn: (fields, message) => {
      if (message === 'proxied body idle: exchange aborted') idle.push(fields as IdleLine);
    },
    error: () => {},
    child: () => logger,
  };
  beforeAll(async () => {
    upstream = await startUpstreamServer();
    served = await serveGateway(routes(upstream.origin, await closedPort()), {
      upstream: harness.createTransport(logger),
      logger,
    });
  });
  afterAll(async () => {
    await served?.close();
    await upstream?.close();
  });
  // A client per test, so a test that hangs on a buffered body cannot stall the next one.
  beforeEach(() => {
    client = new Client(served.url);
    upstream.received.length = 0;
    lines.length = 0;
    idle.length = 0;
  });
  afterEach(async () => {
    await client.destroy();
  });
  return {
    upstream: () => upstream,
    served: () => served,
    client: () => client,
    accessLog: () => lines,
    idleLog: () => idle,
  };
}

/** Rejects with `message` if `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A GET through the gateway: status, headers and body text. */
export async function send(
  t: TransportContext,
  path: string,
  headers: Record<string, string> = {},
) {
  const response = await t.client().request({ path, method: 'GET', headers });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

/**
 * Uploads `total` bytes to `path`, holding all but the first MB back until the upstream has
 * seen a chunk: `sentWhenUpstreamSawData` below `total` proves the body was streamed.
 */
export async function gatedUpload(
  t: TransportContext,
  path: string,
  total: number,
  headers: Record<string, string>,
) {
  const upstreamSawData = t.upstream().nextUploadChunk();
  const body = new PassThrough();
  const responded = t.client().request({ path, method: 'POST', body, headers });
  body.write(CHUNK);
  let sent = CHUNK.length;
  await within(
    upstreamSawData,
    5_000,
    'the upstream saw no data before the client finished: the body was buffered',
  );
  const sentWhenUpstreamSawData = sent;
  while (sent < total) {
    sent += CHUNK.length;
    if (!body.write(CHUNK)) await once(body, 'drain');
  }
  body.end();
  const response = await responded;
  return {
    status: response.statusCode,
    json: (await response.body.json()) as { bytes: number },
    sentWhenUpstreamSawData,
  };
}
