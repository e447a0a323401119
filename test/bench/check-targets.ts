import { readFileSync } from 'node:fs';
import type { BadToken } from './bench-token.js';
import { groupSize } from './cpu-noise.js';
import { httpRequest } from './http-request.js';
import type { Target } from './targets.js';

/**
 * Before any load: each target must answer 200 with exactly the upstream's body (a redirect or
 * an error page would otherwise be benchmarked), the authenticating ones must answer 401
 * without a token (so the auth step is really on the path being measured) and refuse each of
 * `badTokens` (401, or 403 for the missing scope: a peer skipping a check is not measured as if
 * it made it), and the `session`
 * and `context` routes must hand the upstream the identity (and context) headers, and a server
 * with workers must run them (else "workers 2" would measure one process).
 */
export async function checkTargets(
  targets: readonly Target[],
  upstreamUrl: string,
  badTokens: readonly BadToken[],
): Promise<void> {
  const expected = (await httpRequest(upstreamUrl)).body;
  const problems: string[] = [];
  for (const target of targets) {
    const res = await httpRequest(target.url, { headers: target.headers });
    if (res.status !== 200 || res.body !== expected) {
      problems.push(
        `${target.name}: ${target.url} gave HTTP ${res.status} ${JSON.stringify(res.body.slice(0, 200))}`,
      );
    }
    if (target.tokensFile) {
      // The first token is the one in `headers`; the last one proves the file's other end.
      const last = readFileSync(target.tokensFile, 'utf8').trimEnd().split('\n').at(-1)!;
      const res = await httpRequest(target.url, {
        headers: { ...target.headers, authorization: `Bearer ${last}` },
      });
      if (res.status !== 200 || res.body !== expected)
        problems.push(
          `${target.name}: the last token of ${target.tokensFile} gave HTTP ${res.status}`,
        );
    }
    if (target.forwards) {
      const problem = await checkForwarded(target.forwards, target.headers);
      if (problem) problems.push(`${target.name}: ${problem}`);
    }
    if (target.minProcesses !== undefined && target.serverGroup !== undefined) {
      const count = await waitForProcesses(target.serverGroup, target.minProcesses);
      if (count < target.minProcesses)
        problems.push(
          `${target.name}: its process group holds ${count} processes, want at least ` +
            `${target.minProcesses} (a primary and its workers): does src/main.ts run server.workers?`,
        );
    }
    if (target.requiresToken) {
      const anonymous = await httpRequest(target.url);
      if (anonymous.status !== 401)
        problems.push(`${target.name}: no token gave HTTP ${anonymous.status}, want 401`);
      for (const { what, token } of badTokens) {
        const headers = { ...target.headers, authorization: `Bearer ${token}` };
        const res = await httpRequest(target.url, { headers });
        if (res.status !== 401 && res.status !== 403)
          problems.push(`${target.name}: a token with ${what} gave HTTP ${res.status}, want 401`);
      }
    }
  }
  if (problems.length)
    throw new Error(`targets misbehave before the load starts:\n  ${problems.join('\n  ')}`);
}

/** Whether the route forwarded each expected header with its value; the problem if not. */
async function checkForwarded(
  forwards: NonNullable<Target['forwards']>,
  headers: Record<string, string>,
): Promise<string | undefined> {
  const res = await httpRequest(forwards.url, { headers });
  if (res.status !== 200) return `${forwards.url} gave HTTP ${res.status}`;
  const seen = JSON.parse(res.body) as Record<string, string | undefined>;
  const wrong = Object.entries(forwards.headers).filter(([name, value]) => seen[name] !== value);
  return wrong.length
    ? `the upstream got ${wrong.map(([name]) => `${name}: ${JSON.stringify(seen[name] ?? null)}`).join(', ')}, ` +
        `want ${wrong.map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join(', ')}`
    : undefined;
}

/** Polls until group `pgid` holds `min` processes (workers fork after the first answers); the count. */
async function waitForProcesses(pgid: number, min: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = groupSize(pgid);
  while (count < min && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    count = groupSize(pgid);
  }
  return count;
}
