import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../unit/api/ops/metrics-fixtures.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCRIPT = 'test/integration/process/cluster-metrics-script.ts';

/** Runs the two-worker script; resolves with the exposition each worker answered a scrape with. */
function runCluster(): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('{"bodies"'));
      if (code !== 0 || !line) fail(new Error(`cluster script exited ${code}:\n${output}`));
      else done((JSON.parse(line) as { bodies: string[] }).bodies);
    });
  });
}

describe('/metrics with workers: aggregated over every worker through the primary', () => {
  it('sums counters and histograms, and takes the largest of the gauges, whichever worker answers', async () => {
    const bodies = await runCluster();
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      const m = parseExposition(body);
      // Worker 0 recorded one of each, worker 1 two.
      const api = { route: 'api', policy: 'token', outcome: 'ok' };
      expect(m.value('gatehouse_http_requests_total', api)).toBe(3);
      expect(m.value('gatehouse_http_request_duration_seconds_count', api)).toBe(3);
      expect(
        m.value('gatehouse_http_request_duration_seconds_bucket', { ...api, le: '0.005' }),
      ).toBe(3);
      expect(m.value('gatehouse_token_verifications_total', { result: 'ok' })).toBe(3);
      expect(
        m.value('gatehouse_store_operation_duration_seconds_count', { operation: 'getSession' }),
      ).toBe(3);
      expect(m.value('gatehouse_store_errors_total', { operation: 'getSession' })).toBe(1);
      expect(
        m.value('gatehouse_revocations_applied_total', { kind: 'session', source: 'message' }),
      ).toBe(3);
      expect(m.value('gatehouse_revocation_propagation_seconds_count')).toBe(3);
      // Gauges: the largest.
      expect(m.value('gatehouse_revocation_mirror_entries')).toBe(11);
      expect(m.value('gatehouse_revocation_mirror_staleness_seconds')).toBe(2.5);
      expect(m.value('gatehouse_active_sessions')).toBe(101);
      // The process metrics of the workers (summed) are there too, as the soak tests read them.
      expect(m.types.get('process_resident_memory_bytes')).toBe('gauge');
      expect(m.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      // One series per label set: nothing listed twice.
      const keys = m.samples.map((s) => `${s.name}${JSON.stringify(s.labels)}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  }, 60_000);
});
