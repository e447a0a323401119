/** A failed admin API call: the HTTP status (0 when unreachable) and its problem+json title and detail. */
export class AdminApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;

  constructor(status: number, title: string, detail?: string) {
    super(detail === undefined ? title : `${title}: ${detail}`);
    this.name = 'AdminApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
  }

  /** Reads an error response's problem+json (RFC 9457), or names the bare status if it has none. */
  static async from(response: Response): Promise<AdminApiError> {
    let problem: { title?: unknown; detail?: unknown } = {};
    try {
      problem = (await response.json()) as typeof problem;
    } catch {
      // not JSON (e.g. a proxy's error page): the status says enough
    }
    const title = typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`;
    const detail = typeof problem.detail === 'string' ? problem.detail : undefined;
    return new AdminApiError(response.status, title, detail);
  }
}
