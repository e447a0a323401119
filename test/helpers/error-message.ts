import { expect } from 'vitest';

/**
 * The message of the Error `promise` rejects with (the test fails if it resolves or rejects with
 * anything else), checked to carry none of `secret` (a key's private value) when given.
 */
export async function rejectionMessage(
  promise: Promise<unknown>,
  secret?: string,
): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  if (secret) expect((error as Error).message).not.toContain(secret);
  return (error as Error).message;
}
