import { describe } from 'vitest';
import { contextCases } from './context-cases.js';
import { countSessionsCases } from './count-sessions-cases.js';
import { type StoreHarness, useStore } from './contract-fixtures.js';
import { rateLimitCases } from './rate-limit-cases.js';
import { revocationCases } from './revocation-cases.js';
import { rotateCases } from './rotate-cases.js';
import { sessionCases } from './session-cases.js';
import { subscriptionCases } from './subscription-cases.js';

export type { StoreHarness } from './contract-fixtures.js';

/** Registers the whole SessionStore contract suite (STYLE 10) for one backend. */
export function sessionStoreContract(backend: string, harness: StoreHarness): void {
  describe(`SessionStore contract: ${backend}`, () => {
    const context = useStore(harness);
    sessionCases(context);
    countSessionsCases(context);
    rotateCases(context);
    contextCases(context);
    rateLimitCases(context);
    revocationCases(context);
    subscriptionCases(context);
  });
}
