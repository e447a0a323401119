/** The wizard's steps, in order: what each answer is called and the question that asks for it. */
export const WIZARD_STEPS = [
  { name: 'Name', question: 'What is your name?' },
  { name: 'City', question: 'Which city do you live in?' },
  { name: 'Favourite colour', question: 'What is your favourite colour?' },
] as const;

/**
 * The answers given so far, read from the wizard's part of the session context
 * (`{"wizard": {"answers": [...]}}`); none when it holds no such thing.
 */
export function wizardAnswers(context: Record<string, unknown>): string[] {
  const wizard = context['wizard'];
  const answers =
    typeof wizard === 'object' && wizard !== null ? Reflect.get(wizard, 'answers') : undefined;
  return Array.isArray(answers) && answers.every((answer) => typeof answer === 'string')
    ? answers.slice(0, WIZARD_STEPS.length)
    : [];
}
