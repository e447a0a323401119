import type {
  EvaluationInput,
  PolicyContext,
  PolicyStep,
  StepDenial,
} from './steps/policy-step.js';

/** What running a policy's steps found: the filled-in state, or the first step's denial. */
export type StepsOutcome =
  { allow: true; context: PolicyContext } | { allow: false; denial: StepDenial };

/** Runs `steps` in order over a fresh state for `input`, stopping at the first denial. */
export async function runPolicySteps(
  steps: readonly PolicyStep[],
  input: EvaluationInput,
): Promise<StepsOutcome> {
  const context: PolicyContext = {
    input,
    identity: null,
    session: null,
    storedContext: null,
    context: null,
  };
  for (const step of steps) {
    const denial = await step(context);
    if (denial) return { allow: false, denial };
  }
  return { allow: true, context };
}
