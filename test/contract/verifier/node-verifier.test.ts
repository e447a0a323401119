import { createNodeAccessTokenVerifier } from '../../../src/adapters/node/tokens/node-access-token-verifier.js';
import { verifierContract } from './verifier.contract.js';

verifierContract('node:crypto', createNodeAccessTokenVerifier);
