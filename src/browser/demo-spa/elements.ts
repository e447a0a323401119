/**
 * The page's element with `data-testid="<testId>"` (or, starting with `#`, that id); throws when
 * the page lacks it, so a renamed hook fails at load rather than on the first click.
 */
export function element<T extends HTMLElement = HTMLElement>(hook: string): T {
  const selector = hook.startsWith('#') ? hook : `[data-testid="${hook}"]`;
  const found = document.querySelector<T>(selector);
  if (found === null) throw new Error(`demo SPA: no element ${selector} in the page`);
  return found;
}
