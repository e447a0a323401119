import { describe } from 'vitest';
import type { AccessTokenVerifierFactory } from '../../../src/tokens/verify-access-token.js';
import { attackTokenCases } from './attack-tokens-cases.js';
import { edgeCases } from './edge-cases.js';
import { metricsCases } from './verify-access-token-metrics-cases.js';
import { verifyCases } from './verify-access-token-cases.js';
import { rotationCases } from './verify-after-rotation-cases.js';

/**
 * The access-token verifier contract: every verifier (jose, node:crypto) must accept what the
 * signer signs and refuse every attack token with the same wording and metric label.
 */
export function verifierContract(name: string, factory: AccessTokenVerifierFactory): void {
  describe(`${name} verifier`, () => {
    attackTokenCases(factory);
    edgeCases(factory);
    verifyCases(factory);
    metricsCases(factory);
    rotationCases(factory);
  });
}
