import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStore } from '../../../src/adapters/node/create-store.js';
import type { Logger } from '../../../src/observability/logger.js';
import type { Store } from '../../../src/store/store.js';
import { makeRecord } from '../../contract/contract-fixtures.js';
import { describeWithRedis, untilAnswering } from '../../helpers/redis-env.js';
import { type PrivateRedis, startPrivateRedis } from '../../helpers/redis-server.js';

const PASSWORD = 'pa55-Never-Logged';

/** A logger that keeps every line, to check what a connection outage logs. */
function recordingLogger(lines: string[]): Logger {
  const write = (level: string) => (fields: object, message?: string) => {
    lines.push(`${level} ${message ?? ''} ${JSON.stringify(fields)}`);
  };
  const logger: Logger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (bindings) => {
      const child = recordingLogger(lines);
      return {
        ...child,
        info: (f, m) => child.info({ ...bindings, ...f }, m),
        warn: (f, m) => child.warn({ ...bindings, ...f }, m),
      };
    },
  };
  return logger;
}

async function elapsed(promise: Promise<unknown>): Promise<{ ms: number; rejected: boolean }> {
  const started = Date.now();
  const rejected = await promise.then(
    () => false,
    () => true,
  );
  return { ms: Date.now() - started, rejected };
}

// Uses a redis-server of its own (it kills it), never the shared one; gated like every Redis test.
describeWithRedis('redis store: outage and recovery', () => {
  let server: PrivateRedis;
  let store: Store;
  const lines: string[] = [];

  beforeAll(async () => {
    server = await startPrivateRedis({ password: PASSWORD });
    store = createStore(
      { kind: 'redis', url: server.url, keyPrefix: 'gh:' },
      recordingLogger(lines),
    );
    await untilAnswering(() => store.ping());
  });

  afterAll(async () => {
    server?.resume();
    await store?.close();
    await server?.stop();
  });

  it('fails fast while Redis is down and recovers by itself when it is back', async () => {
    const record = await makeRecord(Date.now());
    await store.sessions.createSession(record);
    await server.kill();
    const calls = [
      () => store.sessions.getSession(record.sid, Date.now()),
      async () => store.sessions.createSession(await makeRecord(Date.now())),
      () => store.ping(),
    ];
    for (const call of calls) {
      const result = await elapsed(call());
      expect(result.rejected).toBe(true);
      // No offline queue: refused at once, not after the 2 s command timeout.
      expect(result.ms).toBeLessThan(500);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await elapsed(store.ping())).rejected).toBe(true);
    await server.restart();
    await untilAnswering(() => store.ping(), 5000);
    const fresh = await makeRecord(Date.now());
    await store.sessions.createSession(fresh);
    expect(await store.sessions.getSession(fresh.sid, Date.now())).toEqual(fresh);
  });

  it('fails fast when Redis stops answering on an open connection', async () => {
    server.pause();
    const result = await elapsed(store.sessions.getSession('any', Date.now()));
    server.resume();
    expect(result.rejected).toBe(true);
    expect(result.ms).toBeLessThan(3000);
    await untilAnswering(() => store.ping(), 5000);
  });

  it('logs each connection state change once, without the password', async () => {
    const transitions = lines.filter((line) => /redis store (connected|unreachable)/.test(line));
    expect(transitions.map((line) => line.split(' ')[0])).toEqual(['info', 'warn', 'info']);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(lines.join('\n')).toContain(`127.0.0.1:${server.port}`);
  });
});
