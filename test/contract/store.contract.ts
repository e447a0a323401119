import { describe } from 'vitest';
import { contextCases } from './context-cases.js';
import { countSessionsCases } from './count-sessions-cases.js';
import { keySetCases } from './key-set-cases.js';
import { type StoreHarness, useStore } from './contract-fixtures.js';
import { rateLimitCases } from './rate-limit-cases.js';
import { revocationCases } from './revocation-cases.js';
import { rotateCases } from './rotate-cases.js';
import { sessionCases } from './session-cases.js';
import { subscriptionCases } from './subscription-cases.js';

export type { StoreHarness } from './contract-fixtures.js';

/**
 * Registers the whole store contract suite (STYLE 10) for one backend: a section for each of the
 * four contracts a Store is made of.
 */
export function storeContract(backend: string, harness: StoreHarness): void {
  describe(`Store contract: ${backend}`, () => {
    const context = useStore(harness);
    describe('Store', () => {
      sessionCases(context);
      countSessionsCases(context);
      rotateCases(context);
      contextCases(context);
    });
    describe('RevocationLog', () => {
      revocationCases(context);
      subscriptionCases(context);
    });
    describe('KeySetStore', () => keySetCases(context));
    describe('RateLimiter', () => rateLimitCases(context));
  });
}
