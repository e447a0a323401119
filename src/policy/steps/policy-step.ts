import type { GatewayError } from '../../errors/gateway-error.js';
import type { ForwardedContext } from '../../context/context-forwarder.js';
import type { SessionRecord, StoredContext } from '../../store/session-record.js';
import type { DenyReason } from '../decision.js';
import type { Identity } from '../identity.js';

/** What the evaluator knows of a request: plain strings, whatever the runtime. */
export interface EvaluationInput {
  method: string;
  /** The raw request target: path and optional query. */
  target: string;
  /** The Authorization header, if any. */
  authorization: string | undefined;
  /**
   * The method named by method-override headers (X-HTTP-Method-Override and kin, every value
   * joined with ", "), when the request sent any; see proxy/method-override-headers.
   */
  methodOverride?: string | undefined;
}

/** State shared by the steps of one evaluation; each step may fill in what it learnt. */
export interface PolicyContext {
  readonly input: EvaluationInput;
  identity: Identity | null;
  /**
   * The live session, set by check-session; null before it, and on an `onStoreDown: open` route
   * whose store could not be read.
   */
  session: SessionRecord | null;
  /** The stored context, read by check-session together with the session on `context` routes. */
  storedContext: StoredContext | null;
  /** The decoded context to forward, set by load-context. */
  context: ForwardedContext | null;
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
