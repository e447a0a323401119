import { httpRequest } from './http-request.js';

/** gatehouse's verified-token cache counters (its /metrics), or how they moved during a run. */
export interface CacheCounts {
  hits: number;
  misses: number;
  evictions: number;
}

/** The counters of the gatehouse whose /metrics is `url`. */
export async function readCacheCounts(url: string): Promise<CacheCounts> {
  const res = await httpRequest(url);
  if (res.status !== 200) throw new Error(`${url} gave HTTP ${res.status}`);
  return parseCacheCounts(res.body);
}

/** The cache's lookups by result and its evictions from Prometheus text (0 for a series not yet there). */
export function parseCacheCounts(text: string): CacheCounts {
  const sum = (pattern: RegExp) =>
    [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  return {
    hits: sum(/^gatehouse_verified_token_cache_lookups_total\{[^}]*result="hit"[^}]*\}\s+(\S+)$/gm),
    misses: sum(
      /^gatehouse_verified_token_cache_lookups_total\{[^}]*result="miss"[^}]*\}\s+(\S+)$/gm,
    ),
    evictions: sum(/^gatehouse_verified_token_cache_evictions_total(?:\{[^}]*\})?\s+(\S+)$/gm),
  };
}

/** `after − before`, counter by counter. */
export function cacheDelta(before: CacheCounts, after: CacheCounts): CacheCounts {
  return {
    hits: after.hits - before.hits,
    misses: after.misses - before.misses,
    evictions: after.evictions - before.evictions,
  };
}

/** The counters of several runs added up. */
export function addCacheCounts(counts: readonly CacheCounts[]): CacheCounts {
  return counts.reduce(
    (total, c) => ({
      hits: total.hits + c.hits,
      misses: total.misses + c.misses,
      evictions: total.evictions + c.evictions,
    }),
    { hits: 0, misses: 0, evictions: 0 },
  );
}
