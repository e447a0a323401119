/** Flat name/value pairs from a parsed header record whose repeated headers are arrays. */
export function recordToPairs(
  record: Readonly<Record<string, string | string[] | undefined>>,
): string[] {
  const pairs: string[] = [];
  for (const name in record) {
    const value = record[name];
    if (typeof value === 'string') pairs.push(name, value);
    else if (value) for (const item of value) pairs.push(name, item);
  }
  return pairs;
}
