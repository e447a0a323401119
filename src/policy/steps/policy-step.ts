import type { GatewayError } from '../../errors/gateway-error.js';
import type { DenyReason } from '../decision.js';
import type { Identity } from '../identity.js';

/** What the evaluator knows of a request: plain strings, whatever the runtime. */
export interface EvaluationInput {
  method: string;
  /** The raw request target: path and optional query. */
  target: string;
  /** The Authorization header, if any. */
  authorization: string | undefined;
}

/** State shared by the steps of one evaluation; a step may set the identity. */
export interface PolicyContext {
  readonly input: EvaluationInput;
  identity: Identity | null;
}

/** Why a step refused the request. */
export interface StepDenial {
  error: GatewayError;
  reason: DenyReason;
}

/** One check of a route policy: undefined to go on, a denial to stop. */
export type PolicyStep = (
  context: PolicyContext,
) => StepDenial | undefined | Promise<StepDenial | undefined>;
