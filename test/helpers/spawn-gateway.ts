import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** A gatehouse process started from src/main.ts, as `npm start` runs it. */
export interface SpawnedGateway {
  child: ChildProcess;
  url: string;
  /** Every line the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Writes `yaml` to a temp dir and returns its path. */
export function writeTempConfig(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gatehouse-cfg-')), 'gatehouse.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** Runs `node --import tsx src/main.ts` with the given config file; waits for "listening". */
export async function spawnGateway(
  configFile: string,
  env: Record<string, string> = {},
): Promise<SpawnedGateway> {
  const started = startProcess(configFile, env);
  const port = await new Promise<number>((resolvePort, reject) => {
    const onData = () => {
      const match = /"port":(\d+)[^\n]*"msg":"gatehouse listening"/.exec(started.output());
      if (match) resolvePort(Number(match[1]));
    };
    started.child.stdout!.on('data', onData);
    void started.exited.then((code) =>
      reject(new Error(`gatehouse exited (${code}):\n${started.output()}`)),
    );
  });
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** Runs the process without waiting for it to listen (for start-up failures). */
export function startProcess(
  configFile: string,
  env: Record<string, string> = {},
): Omit<SpawnedGateway, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, GATEHOUSE_CONFIG: configFile, GATEHOUSE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the CLI (`src/cli/main.ts`) to completion. */
export function runCli(
  args: string[],
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, GATEHOUSE_CONFIG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(stdin);
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}
