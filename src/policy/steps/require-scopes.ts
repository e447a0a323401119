import { insufficientScope } from '../../errors/errors.js';
import type { PolicyStep } from './policy-step.js';

/** Requires every listed scope of the verified identity (403 insufficient_scope otherwise). */
export function requireScopes(required: readonly string[]): PolicyStep {
  return (context) => {
    const granted = context.identity?.scope ?? [];
    for (const scope of required) {
      if (!granted.includes(scope))
        return { error: insufficientScope(required), reason: 'insufficient-scope' };
    }
    return undefined;
  };
}
