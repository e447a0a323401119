import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** How to start the private server. */
export interface PrivateRedisOptions {
  password?: string;
  /** Cluster mode; the caller assigns the slots (e.g. CLUSTER ADDSLOTSRANGE 0 16383). */
  cluster?: boolean;
}

/** A redis-server of the test's own, which it may kill and start again on the same port. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILLs the server, as a crash would, and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again (empty) on the same port. */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open but nothing answers. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
  /** Stops it for good. */
  stop(): Promise<void>;
}

async function launch(
  port: number,
  options: PrivateRedisOptions,
  dir: string,
): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir);
  if (options.password !== undefined) args.push('--requirepass', options.password);
  if (options.cluster)
    args.push(
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-announce-ip',
      '127.0.0.1',
    );
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      5000,
    );
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  child.stdout!.resume();
  return child;
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/**
 * Starts a private redis-server (binary from PATH) on a free loopback port, persisting nothing
 * (its working files go to a temporary directory), optionally with a password (then in the URL).
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-redis-'));
  let child: ChildProcess | undefined = await launch(port, options, dir);
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    kill: async () => {
      await kill(child);
      child = undefined;
    },
    restart: async () => {
      await kill(child);
      child = await launch(port, options, dir);
    },
    stop: async () => {
      await kill(child);
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
