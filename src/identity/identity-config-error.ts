/** An identity source that cannot be built (bad users file, unreadable file); `problems` carry paths. */
export class IdentityConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'IdentityConfigError';
    this.problems = problems;
  }
}
