import { GatehouseError } from '../client/index.js';

/** What went wrong, status code first when there was an HTTP answer ("401 …", else "error …"). */
export function describeError(error: unknown): string {
  if (error instanceof GatehouseError && error.status > 0) {
    const problem = error.problem as { detail?: unknown; title?: unknown } | undefined;
    return `${error.status} ${String(problem?.detail ?? problem?.title ?? error.message)}`;
  }
  return `error ${error instanceof Error ? error.message : String(error)}`;
}
