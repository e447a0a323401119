import { describe } from 'vitest';
import { bodyCases } from './body-cases.js';
import { failureCases } from './failure-cases.js';
import { passThroughCases } from './pass-through-cases.js';
import { type TransportHarness, useTransportGateway } from './transport-fixtures.js';

export type { TransportHarness } from './transport-fixtures.js';

/**
 * Registers the UpstreamTransport contract suite for one transport: a real gateway listener
 * (@hono/node-server with the Node request view, as production) forwarding over the transport
 * to a real upstream HTTP server. Every transport must pass it unchanged.
 */
export function transportContract(name: string, harness: TransportHarness): void {
  describe(`UpstreamTransport contract: ${name}`, () => {
    const context = useTransportGateway(harness);
    passThroughCases(context);
    bodyCases(context);
    failureCases(context);
  });
}
