import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';

function parse(yaml: string) {
  const result = parseConfig(yaml);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config.metrics;
}

function problemsOf(yaml: string): string[] {
  const result = parseConfig(yaml);
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.problems;
}

describe('the metrics config', () => {
  it('serves /metrics on the main port by default, with no token, counting sessions every minute', () => {
    expect(parse('')).toEqual({ enabled: true, path: '/metrics', activeSessionsInterval: 60_000 });
  });

  it('takes a listener, a token hash, a path and an interval', () => {
    const hash = 'a'.repeat(64);
    expect(
      parse(`
metrics:
  enabled: false
  path: /internal/metrics
  port: 9464
  host: 10.0.0.5
  tokenSha256: "${hash}"
  activeSessionsInterval: 5m
`),
    ).toEqual({
      enabled: false,
      path: '/internal/metrics',
      port: 9464,
      host: '10.0.0.5',
      tokenSha256: hash,
      activeSessionsInterval: 300_000,
    });
  });

  it('reports every bad value with its path', () => {
    const problems = problemsOf(`
metrics:
  enabled: "yes"
  path: metrics
  port: 70000
  tokenSha256: the-token-itself
  activeSessionsInterval: often
  scrapeEvery: 1m
`);
    expect(problems.some((p) => p.startsWith('metrics.enabled:'))).toBe(true);
    expect(problems).toContain(
      'metrics.path: Must start with "/" and hold only letters, digits, "_.~/-"',
    );
    expect(problems.some((p) => p.startsWith('metrics.port:'))).toBe(true);
    expect(problems).toContain(
      'metrics.tokenSha256: Must be 64 hex digits (the SHA-256 of the token)',
    );
    expect(problems).toContain(
      'metrics.activeSessionsInterval: Invalid duration "often" (use e.g. 30s, 5m, 7d)',
    );
    expect(problems.some((p) => p.includes('scrapeEvery'))).toBe(true);
  });
});
