import { join } from 'node:path';
import { startChild, type Child } from './children.js';
import { freePort } from './ports.js';

/**
 * Runs one of the bench's own server files (upstream, fastify peers) as
 * `node --import tsx <file>` on a free port, pinned to `cpu`; the file reads BENCH_PORT.
 */
export async function startNodeServer(opts: {
  name: string;
  file: string;
  env: Record<string, string>;
  repoRoot: string;
  logDir: string;
  cpu: number;
}): Promise<{ child: Child; base: string }> {
  const port = await freePort();
  const child = startChild({
    name: opts.name,
    command: process.execPath,
    args: ['--import', 'tsx', join(import.meta.dirname, opts.file)],
    cwd: opts.repoRoot, // where `tsx` resolves from
    env: { ...process.env, ...opts.env, BENCH_PORT: String(port) },
    cpu: opts.cpu,
    logPath: join(opts.logDir, `${opts.name}.log`),
  });
  return { child, base: `http://127.0.0.1:${port}` };
}
