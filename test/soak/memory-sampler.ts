import { readFileSync } from 'node:fs';
import type { SoakHttp } from './soak-http.js';

/** One reading of the gateway process's memory. */
export interface MemorySample {
  /** performance.now() of the reading. */
  at: number;
  /** VmRSS from /proc/<pid>/status, bytes. */
  rss: number;
  /** nodejs_heap_size_used_bytes from GET /metrics; undefined when the gateway has no /metrics. */
  heapUsed: number | undefined;
}

/** Samples taken so far; stop() ends the sampling. */
export interface MemorySampler {
  readonly samples: readonly MemorySample[];
  /** Runs `collect` (a forced full GC), then takes a sample: what is live, without garbage. */
  settled(collect: () => Promise<void>): Promise<MemorySample>;
  stop(): Promise<void>;
}

function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

async function heapOf(http: SoakHttp): Promise<number | undefined> {
  const reply = await http.send({ method: 'GET', path: '/metrics' });
  if (reply.status !== 200) return undefined;
  const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)$/m.exec(reply.body);
  return match ? Number(match[1]) : undefined;
}

/** Reads the process's RSS and heap every `everyMs` until stopped. */
export function startMemorySampler(pid: number, http: SoakHttp, everyMs: number): MemorySampler {
  const samples: MemorySample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = performance.now();
      let rss: number;
      try {
        rss = rssOf(pid);
      } catch {
        return; // the process is gone; the test reports that on its own
      }
      samples.push({ at, rss, heapUsed: await heapOf(http) });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    samples,
    async settled(collect) {
      await collect();
      return { at: performance.now(), rss: rssOf(pid), heapUsed: await heapOf(http) };
    },
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}
