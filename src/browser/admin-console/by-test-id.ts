/** The page element with this `data-testid` (the console's stable hooks); throws if the page lacks it. */
export function byTestId<T extends HTMLElement = HTMLElement>(
  id: string,
  root: ParentNode = document,
): T {
  const element = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`admin console: no element with data-testid="${id}"`);
  return element;
}
