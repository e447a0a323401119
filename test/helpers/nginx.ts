import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { freePort } from './free-port.js';

const HOW_TO = 'install it (apt-get install -y nginx) or set GATEHOUSE_TEST_NGINX';

/** The nginx binary: GATEHOUSE_TEST_NGINX, else Debian's /usr/sbin/nginx; undefined if absent. */
function nginxBinary(): string | undefined {
  const path = process.env.GATEHOUSE_TEST_NGINX || '/usr/sbin/nginx';
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/**
 * Registers tests that run a real nginx, given its path. Without one they are skipped, saying
 * why, unless GATEHOUSE_REQUIRE_SERVICES=1 (CI), where they fail instead.
 */
export function describeWithNginx(name: string, body: (binary: string) => void): void {
  const binary = nginxBinary();
  const wanted = process.env.GATEHOUSE_TEST_NGINX || '/usr/sbin/nginx';
  if (binary) {
    describe(name, () => body(binary));
  } else if (process.env.GATEHOUSE_REQUIRE_SERVICES === '1') {
    describe(name, () => {
      it('has an nginx to run', () => {
        throw new Error(`no nginx at ${wanted} but GATEHOUSE_REQUIRE_SERVICES=1; ${HOW_TO}`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: no nginx at ${wanted}; ${HOW_TO})`, () => body(wanted));
  }
}

/** An nginx of the test's own, in the foreground, with everything under a temp directory. */
export interface RunningNginx {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** What nginx wrote to its error log so far. */
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Starts `binary` (one process: `daemon off; master_process off;`) on a free loopback port with
 * the config `render(port, dir)` returns; its pid, error log and temp files live in `dir`, a
 * fresh temp directory. Resolves once the port accepts connections.
 */
export async function startNginx(
  binary: string,
  render: (port: number, dir: string) => string,
): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  const errorLogPath = join(dir, 'error.log');
  writeFileSync(conf, render(port, dir));
  writeFileSync(errorLogPath, '');
  const globals = `daemon off; master_process off; pid ${join(dir, 'nginx.pid')};`;
  // -e: the log for errors before the config's own error_log applies (else /var/log/nginx/).
  const child = spawn(binary, ['-p', dir, '-c', conf, '-e', errorLogPath, '-g', globals], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const errorLog = () => `${stderr}${readFileSync(errorLogPath, 'utf8')}`;
  try {
    await untilListening(child, port, errorLog);
  } catch (error) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    errorLog,
    stop: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function untilListening(child: ChildProcess, port: number, log: () => string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${log()}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) throw new Error(`nginx is not listening on ${port}:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM'); // nginx's fast shutdown
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
