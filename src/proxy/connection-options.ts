/** The lower-case header names listed in a Connection header value (RFC 9110 §7.6.1). */
export function connectionOptions(value: string): string[] {
  const names: string[] = [];
  for (const part of value.split(',')) {
    const name = part.trim().toLowerCase();
    if (name !== '') names.push(name);
  }
  return names;
}
