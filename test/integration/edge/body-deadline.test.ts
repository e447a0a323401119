import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway, type ServedGateway } from '../../helpers/serve-gateway.js';
import { oneUserSource } from '../../unit/api/auth/login-fixtures.js';

// Issue #12 item 3: bodies the gateway reads itself have one total deadline
// (server.timeouts.body, short here so the test stays fast): slow senders get 408 and a closed
// socket, and cannot starve a normal login.

const DEADLINE_MS = 1_000;
const SLOW = 200;

let served: ServedGateway;
beforeAll(async () => {
  served = await serveGateway(
    `
server: { timeouts: { body: ${DEADLINE_MS}ms } }
rateLimit: { login: { perIp: { limit: 100000, window: 1m }, perUsername: { limit: 100000, window: 1m } } }
`,
    { identitySources: [oneUserSource().source] },
  );
});
afterAll(() => served?.close());

interface Slow {
  socket: Socket;
  answer: string;
  closedAt: Promise<number>;
}

/** A login whose headers arrive at once and whose body then never (or only trickling) does. */
function slowLogin(trickle: boolean): Slow {
  const { port } = new URL(served.url);
  const socket = connect(Number(port), '127.0.0.1');
  const slow: Slow = { socket, answer: '', closedAt: Promise.resolve(0) };
  socket.on('data', (chunk) => (slow.answer += chunk.toString()));
  socket.on('error', () => {});
  slow.closedAt = new Promise((resolve) => socket.on('close', () => resolve(Date.now())));
  socket.write(
    'POST /auth/login HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n' +
      'content-length: 100\r\n\r\n',
  );
  if (trickle) {
    // One byte every 300 ms: each byte would reset an idle timer, never the total deadline.
    const timer = setInterval(() => socket.writable && socket.write(' '), 300);
    socket.on('close', () => clearInterval(timer));
  }
  return slow;
}

describe('the deadline on gateway-read bodies (issue #12 item 3)', () => {
  it(`closes ${SLOW} slow login connections with 408 within the deadline; a normal login still succeeds`, async () => {
    const started = Date.now();
    const slow = Array.from({ length: SLOW }, (_, i) => slowLogin(i % 2 === 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const login = await fetch(`${served.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'pw-alice' }),
    });
    expect(login.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);

    const closed = await Promise.all(slow.map((s) => s.closedAt));
    for (const at of closed) expect(at - started).toBeLessThan(DEADLINE_MS + 1_500);
    for (const s of slow) {
      expect(s.answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(s.answer.toLowerCase()).toContain('connection: close');
      expect(s.answer).toContain('application/problem+json');
      expect(s.answer).toContain('urn:gatehouse:problem:request-timeout');
    }
  }, 20_000);
});
