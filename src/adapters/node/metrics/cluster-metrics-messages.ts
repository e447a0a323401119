/** A worker asking the primary for the metrics of every worker. */
export interface MetricsRequest {
  gatehouse: 'metrics-request';
  id: string;
}

/** The primary's answer: the aggregated exposition, or why there is none. */
export interface MetricsResponse {
  gatehouse: 'metrics-response';
  id: string;
  body?: string;
  error?: string;
}

const field = (message: unknown, name: string): unknown =>
  typeof message === 'object' && message !== null
    ? (message as Record<string, unknown>)[name]
    : undefined;

/**
 * The IPC messages of `/metrics` with workers: the worker that got the scrape asks, the primary
 * aggregates (prom-client's AggregatorRegistry asks every worker over the same channel) and
 * answers that worker. Other messages on the channel are not these and are ignored.
 */
export const clusterMetricsMessages = {
  request: (id: string): MetricsRequest => ({ gatehouse: 'metrics-request', id }),

  response: (id: string, answer: { body: string } | { error: string }): MetricsResponse => ({
    gatehouse: 'metrics-response',
    id,
    ...answer,
  }),

  /** `message` if it is a metrics request, else undefined. */
  asRequest(message: unknown): MetricsRequest | undefined {
    return field(message, 'gatehouse') === 'metrics-request' &&
      typeof field(message, 'id') === 'string'
      ? (message as MetricsRequest)
      : undefined;
  },

  /** `message` if it is a metrics response, else undefined. */
  asResponse(message: unknown): MetricsResponse | undefined {
    return field(message, 'gatehouse') === 'metrics-response' &&
      typeof field(message, 'id') === 'string'
      ? (message as MetricsResponse)
      : undefined;
  },
};
