/** Replaces a `<dl>`'s content with one `<dt>`/`<dd>` pair per entry (as text, never as HTML). */
export function fillDefinitionList(
  list: HTMLElement,
  entries: ReadonlyArray<[string, string]>,
): void {
  const item = (tag: 'dt' | 'dd', text: string) =>
    Object.assign(document.createElement(tag), { textContent: text });
  list.replaceChildren(
    ...entries.flatMap(([term, value]) => [item('dt', term), item('dd', value)]),
  );
}
