/**
 * A refused or failed auth call: its HTTP status (0 when the gateway could not be reached) and
 * the problem+json body the gateway sent (RFC 9457), which never holds a token.
 */
export class GatehouseError extends Error {
  override name = 'GatehouseError';
  status: number;
  problem?: unknown;

  constructor(status: number, problem?: unknown, cause?: unknown) {
    const detail = (problem as { detail?: unknown } | undefined)?.detail;
    super(`gatehouse: ${status || 'network error'}${detail ? `: ${detail}` : ''}`, { cause });
    this.status = status;
    this.problem = problem;
  }
}
