/** A `<td>` holding `content` (a node, or text: never parsed as HTML). */
export function cell(content: Node | string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.append(content);
  return td;
}

/** A `<code>` showing `text`. */
export function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}
