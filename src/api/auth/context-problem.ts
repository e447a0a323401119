import { badRequest, payloadTooLarge } from '../../errors/errors.js';
import type { GatewayError } from '../../errors/gateway-error.js';
import { CONTEXT_MAX_DEPTH, type ContextShapeProblem } from '../../sessions/context-shape.js';

/** The error for a context value the API refuses: 413 over `maxBytes`, else 400 on `(body)`. */
export function contextProblem(
  problem: ContextShapeProblem | 'too-large',
  maxBytes: number,
): GatewayError {
  switch (problem) {
    case 'too-large':
      return payloadTooLarge(maxBytes);
    case 'too-deep':
      return badRequest(
        '(body)',
        `the session context must not nest deeper than ${CONTEXT_MAX_DEPTH} levels`,
      );
    default:
      return badRequest('(body)', 'the session context must be a JSON object');
  }
}
