import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** A sentinel of the test's own, watching one primary on loopback (quorum 1). */
export interface PrivateSentinelOptions {
  /** The primary's name (`sentinel monitor <name> ...`), as `store.name` gives it. */
  name: string;
  /** Port of the primary on 127.0.0.1. */
  primaryPort: number;
  /** How long the primary must be silent to be taken for down (default 5000). */
  downAfterMs?: number;
  /** Bounds each failover and the wait before another (default 10000). */
  failoverTimeoutMs?: number;
}

/** How to start the private server. */
export interface PrivateRedisOptions {
  password?: string;
  /** Cluster mode; the caller assigns the slots (e.g. CLUSTER ADDSLOTSRANGE 0 16383). */
  cluster?: boolean;
  /** Turns the append-only file on, fsynced as given (`appendfsync`); off when absent. */
  aof?: 'always' | 'everysec' | 'no';
  /** RDB snapshot schedule (`save`, e.g. '3600 1 300 100'); none when absent. */
  save?: string;
  /** Replicates the primary on this 127.0.0.1 port (`replicaof`). */
  replicaOf?: number;
  /** Further directives, e.g. `{ 'min-replicas-to-write': '1' }` (not for a sentinel). */
  config?: Record<string, string>;
  /** Starts a sentinel (`redis-server <conf> --sentinel`) instead of a data server. */
  sentinel?: PrivateSentinelOptions;
}

/** A redis-server of the test's own, which it may kill and start again on the same port. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Its working directory (AOF, RDB, a sentinel's config): kept until stop(). */
  readonly dir: string;
  /** SIGKILLs the server, as a crash would, and waits until it is gone. */
  kill(): Promise<void>;
  /**
   * Starts it again on the same port and directory: empty unless it persists (`aof`, `save`),
   * in which case it loads what it had written; a sentinel keeps the config it rewrote.
   */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open but nothing answers. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
  /** The server's log since it last started (the last 64 KiB), for failure messages. */
  log(): string;
  /** Stops it for good and deletes its directory. */
  stop(): Promise<void>;
}

const LOG_LIMIT = 64 * 1024;

function serverArgs(port: number, options: PrivateRedisOptions, dir: string): string[] {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  args.push('--save', options.save ?? '');
  if (options.aof === undefined) args.push('--appendonly', 'no');
  else args.push('--appendonly', 'yes', '--appendfsync', options.aof);
  if (options.password !== undefined) args.push('--requirepass', options.password);
  if (options.replicaOf !== undefined)
    args.push('--replicaof', '127.0.0.1', String(options.replicaOf));
  for (const [name, value] of Object.entries(options.config ?? {})) args.push(`--${name}`, value);
  if (options.cluster)
    args.push(
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-announce-ip',
      '127.0.0.1',
    );
  return args;
}

/** Sentinel needs a config file it can rewrite: written on first start, reused after a kill. */
function sentinelArgs(port: number, sentinel: PrivateSentinelOptions, dir: string): string[] {
  const file = join(dir, 'sentinel.conf');
  if (!existsSync(file)) {
    const { name } = sentinel;
    const lines = [
      'bind 127.0.0.1',
      `port ${port}`,
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${sentinel.primaryPort} 1`,
      `sentinel down-after-milliseconds ${name} ${sentinel.downAfterMs ?? 5000}`,
      `sentinel failover-timeout ${name} ${sentinel.failoverTimeoutMs ?? 10_000}`,
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
  }
  return [file, '--sentinel'];
}

interface Launched {
  child: ChildProcess;
  log(): string;
}

async function launch(args: string[], readyLine: string): Promise<Launched> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-LOG_LIMIT));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      5000,
    );
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    const ready = () => {
      if (!output.includes(readyLine)) return;
      clearTimeout(timer);
      child.stdout!.off('data', ready);
      resolve();
    };
    child.stdout!.on('data', ready);
  });
  child.removeAllListeners('exit');
  return { child, log: () => output };
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/**
 * Starts a private redis-server (binary from PATH) on a free loopback port, its working files in
 * a temporary directory: by default persisting nothing, optionally with a password (then in the
 * URL), an append-only file, RDB snapshots, as a replica, or as a sentinel.
 */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-redis-'));
  const start = () =>
    options.sentinel
      ? launch(sentinelArgs(port, options.sentinel, dir), 'Sentinel ID is')
      : launch(serverArgs(port, options, dir), 'Ready to accept connections');
  let running: Launched | undefined = await start();
  let lastLog = '';
  const down = async () => {
    await kill(running?.child);
    lastLog = running?.log() ?? lastLog;
    running = undefined;
  };
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    dir,
    pause: () => running?.child.kill('SIGSTOP'),
    resume: () => running?.child.kill('SIGCONT'),
    log: () => running?.log() ?? lastLog,
    kill: down,
    restart: async () => {
      await down();
      running = await start();
    },
    stop: async () => {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
