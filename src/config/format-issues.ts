import type { z } from 'zod';

/** Renders a config path as `routes[2].upstream`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out || '(root)';
}

/** One line per problem: `<path>: <message>`, with unknown keys named individually. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatPath([...issue.path, key])}: Unknown key`);
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest rather than "Invalid input".
      const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      lines.push(
        ...formatIssues(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }))),
      );
    } else {
      lines.push(`${formatPath(issue.path)}: ${issue.message}`);
    }
  }
  return lines;
}
