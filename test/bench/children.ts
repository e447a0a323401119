import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { binaries } from './binaries.js';

/** A server process the bench started; its output goes to `logPath`. */
export interface Child {
  name: string;
  pid: number;
  logPath: string;
  /** Exit code, or the signal name, once it has exited; undefined while it runs. */
  exitStatus(): string | undefined;
  /** The last lines of its output, for error messages. */
  tail(lines?: number): string;
}

const running = new Map<number, ChildProcess>();

/** The core, or cores, a process may run on (taskset's list). */
export type Cpus = number | readonly number[];

function cpuList(cpus: Cpus): string {
  return typeof cpus === 'number' ? String(cpus) : cpus.join(',');
}

/**
 * Starts `command` pinned to `cpu` (one core or a list) with taskset, in its own process group (so nginx's worker or
 * anything else it forks is stopped with it), stdout and stderr appended to `logPath`.
 */
export function startChild(opts: {
  name: string;
  command: string;
  args: string[];
  cpu: Cpus;
  logPath: string;
  cwd?: string;
  /** The whole environment; the bench's own when omitted. */
  env?: NodeJS.ProcessEnv;
}): Child {
  const fd = openSync(opts.logPath, 'a');
  const proc = spawn(
    binaries.taskset ?? 'taskset',
    ['-c', cpuList(opts.cpu), opts.command, ...opts.args],
    {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', fd, fd],
      detached: true,
    },
  );
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`could not start ${opts.name} (${opts.command})`);
  const pid = proc.pid;
  running.set(pid, proc);
  proc.once('exit', () => running.delete(pid));
  return {
    name: opts.name,
    pid,
    logPath: opts.logPath,
    exitStatus: () => (proc.exitCode ?? proc.signalCode ?? undefined)?.toString(),
    tail: (lines = 20) =>
      readFileSync(opts.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'),
  };
}

/** Process group ids of the children running now (each child leads its own group). */
export function childGroups(): Set<number> {
  return new Set(running.keys());
}

/** Stops every child this process started: SIGTERM to each group, SIGKILL after `graceMs`. */
export async function stopAllChildren(graceMs = 3000): Promise<void> {
  await Promise.all([...running.entries()].map(([pid, proc]) => stop(pid, proc, graceMs)));
}

async function stop(pid: number, proc: ChildProcess, graceMs: number): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  signalGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  signalGroup(pid, 'SIGKILL'); // whatever the leader left behind in its group
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Makes sure no child outlives the bench: on exit, Ctrl-C, SIGTERM or a crash. */
export function installChildCleanup(): void {
  process.on('exit', () => {
    for (const pid of running.keys()) signalGroup(pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping servers\n`);
      void stopAllChildren(1000).finally(() =>
        process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)),
      );
    });
  }
}

/** Runs a short-lived command pinned to `cpu` and collects its output; killed after `timeoutMs`. */
export function runPinned(opts: {
  command: string;
  args: string[];
  cpu: Cpus;
  timeoutMs: number;
  cwd?: string;
}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      binaries.taskset ?? 'taskset',
      ['-c', cpuList(opts.cpu), opts.command, ...opts.args],
      {
        cwd: opts.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    if (proc.pid === undefined) return reject(new Error(`could not start ${opts.command}`));
    const pid = proc.pid;
    running.set(pid, proc);
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), opts.timeoutMs);
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(pid);
      if (signal)
        reject(
          new Error(`${opts.command} killed by ${signal} (limit ${opts.timeoutMs} ms)\n${stderr}`),
        );
      else resolve({ code, stdout, stderr });
    });
  });
}
