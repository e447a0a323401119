import { join } from 'node:path';
import { binaries } from './binaries.js';
import { runPinned } from './children.js';

/** wrk's Lua script that cycles through a tokens file (`Authorization: Bearer <token>`). */
export const TOKENS_SCRIPT = join(import.meta.dirname, 'tokens.lua');

/** One wrk measurement, parsed. */
export interface WrkResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with status ≥ 400 (wrk's "Non-2xx or 3xx responses"). */
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
}

/**
 * Runs `wrk -t1 --latency` against `url` from core `cpu` and parses its report. With `tokens`,
 * tokens.lua sends the file's tokens in turn from line `start` (0-based, wrapping) instead of
 * the `authorization` of `headers`; the other headers are sent as given.
 */
export async function runWrk(opts: {
  url: string;
  connections: number;
  durationS: number;
  headers: Record<string, string>;
  cpu: number;
  tokens?: { file: string; start: number };
}): Promise<WrkResult> {
  const args = ['-t1', `-c${opts.connections}`, `-d${opts.durationS}s`, '--latency'];
  for (const [name, value] of Object.entries(opts.headers)) args.push('-H', `${name}: ${value}`);
  if (opts.tokens)
    args.push('-s', TOKENS_SCRIPT, opts.url, '--', opts.tokens.file, String(opts.tokens.start));
  else args.push(opts.url);
  const { code, stdout, stderr } = await runPinned({
    command: binaries.wrk!,
    args,
    cpu: opts.cpu,
    timeoutMs: (opts.durationS + 15) * 1000,
  });
  if (code !== 0) throw new Error(`wrk exited with ${code} for ${opts.url}:\n${stdout}${stderr}`);
  return parseWrkOutput(stdout);
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses wrk 4's text report (requests/s, latency distribution, error lines). */
export function parseWrkOutput(text: string): WrkResult {
  const rps = text.match(/^Requests\/sec:\s+([\d.]+)/m);
  const requests = text.match(/^\s*(\d+) requests in /m);
  if (!rps || !requests) throw new Error(`unrecognised wrk output:\n${text}`);
  const socket = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = text.match(/Non-2xx or 3xx responses: (\d+)/);
  return {
    requests: Number(requests[1]),
    rps: Number(rps[1]),
    p50Ms: percentile(text, '50'),
    p99Ms: percentile(text, '99'),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: {
      connect: Number(socket?.[1] ?? 0),
      read: Number(socket?.[2] ?? 0),
      write: Number(socket?.[3] ?? 0),
      timeout: Number(socket?.[4] ?? 0),
    },
  };
}

/** A line of the "Latency Distribution" block, e.g. `     99%    2.31ms`, in milliseconds. */
function percentile(text: string, p: string): number {
  const match = text.match(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm'));
  if (!match) throw new Error(`no ${p}% latency in wrk output (was --latency passed?):\n${text}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** Socket errors plus error statuses: anything but zero makes a measurement suspect. */
export function errorCount(result: WrkResult): number {
  const s = result.socketErrors;
  return result.non2xx + s.connect + s.read + s.write + s.timeout;
}
