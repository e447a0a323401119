import type { Child } from './children.js';
import { httpRequest, type HttpResponse } from './http-request.js';

/** Polls `url` until it answers 200; fails early with the child's log when the child dies. */
export async function waitForHttp(
  url: string,
  child: Child,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    const status = child.exitStatus();
    if (status !== undefined)
      throw new Error(`${child.name} exited (${status}) before ${url} answered:\n${child.tail()}`);
    try {
      const res = await httpRequest(url, { headers: opts.headers, timeoutMs: 1000 });
      if (res.status === 200) return res;
      last = `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${child.name} not ready at ${url} (${last}); log ${child.logPath}:\n${child.tail()}`,
  );
}
