import { spawnSync } from 'node:child_process';
import { cpus, release } from 'node:os';
import { binaries } from './binaries.js';

/** What the numbers were measured on, for the report header and the JSON. */
export interface BenchEnvironment {
  node: string;
  nginx: string;
  haproxy: string;
  wrk: string;
  cpu: string;
  cores: number;
  kernel: string;
}

/** Versions and machine, best effort ("?" for what cannot be read). */
export function describeEnvironment(): BenchEnvironment {
  return {
    node: process.version,
    nginx: firstLine(binaries.nginx, ['-v']).replace(/^nginx version: /, ''),
    haproxy: firstLine(binaries.haproxy, ['-v']).replace(/^HAProxy version (\S+).*$/, '$1'),
    wrk: firstLine(binaries.wrk, ['-v']).replace(/\s+Copyright.*$/, ''),
    cpu: cpus()[0]?.model.trim() ?? '?',
    cores: cpus().length,
    kernel: release(),
  };
}

function firstLine(bin: string | undefined, args: string[]): string {
  if (!bin) return '?';
  const out = spawnSync(bin, args, { encoding: 'utf8' });
  return `${out.stdout ?? ''}${out.stderr ?? ''}`.trim().split('\n')[0] || '?';
}
