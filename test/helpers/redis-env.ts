import { describe, it } from 'vitest';

const HOW_TO = 'start one with: eval "$(bash .ci/services.sh start)"';

/**
 * Registers Redis-backed tests with the URL from GATEHOUSE_TEST_REDIS_URL. Without it they are
 * skipped, saying why, unless GATEHOUSE_REQUIRE_SERVICES=1 (CI), where they fail instead.
 */
export function describeWithRedis(name: string, body: (url: string) => void): void {
  const url = process.env.GATEHOUSE_TEST_REDIS_URL;
  if (url) {
    describe(name, () => body(url));
  } else if (process.env.GATEHOUSE_REQUIRE_SERVICES === '1') {
    describe(name, () => {
      it('has a Redis to run against', () => {
        throw new Error(
          `GATEHOUSE_TEST_REDIS_URL is unset but GATEHOUSE_REQUIRE_SERVICES=1; ${HOW_TO}`,
        );
      });
    });
  } else {
    describe.skip(`${name} (skipped: GATEHOUSE_TEST_REDIS_URL is unset; ${HOW_TO})`, () => {
      body('redis://unset.invalid');
    });
  }
}

/** A key prefix no other test file uses, so files can share one Redis and clean up after. */
export function uniqueKeyPrefix(): string {
  return `test:${Math.random().toString(36).slice(2, 10)}:`;
}

/** Resolves once `ping` answers (clients without an offline queue reject until connected). */
export async function untilAnswering(
  ping: () => Promise<unknown>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
