const encoder = new TextEncoder();

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 * Use for secrets and secret hashes (lengths of hashes are public).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
