import { createAccessTokenVerifier } from '../../../src/tokens/verify-access-token.js';
import { verifierContract } from './verifier.contract.js';

verifierContract('jose', createAccessTokenVerifier);
