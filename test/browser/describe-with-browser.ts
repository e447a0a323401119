import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { describeEachRedis, type RedisTarget } from '../helpers/redis-targets.js';

/** What a browser test runs against: a Chromium binary and the shared standalone Redis. */
export interface BrowserTestEnv {
  chromium: string;
  redis: RedisTarget;
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const HOW_TO = 'install it with: apt-get install -y chromium (or set GATEHOUSE_TEST_CHROMIUM)';

/** The Chromium to drive: GATEHOUSE_TEST_CHROMIUM, else Debian's; a reason when there is none. */
function findChromium(): { path: string } | { missing: string } {
  const configured = process.env.GATEHOUSE_TEST_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) {
      throw new Error(`GATEHOUSE_TEST_CHROMIUM=${JSON.stringify(configured)} does not exist`);
    }
    return { path: configured };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM };
  return { missing: `no Chromium (GATEHOUSE_TEST_CHROMIUM is unset, ${DEBIAN_CHROMIUM} missing)` };
}

/**
 * Registers real-browser tests. Without a Chromium (or without the shared Redis) they are skipped,
 * saying why, unless GATEHOUSE_REQUIRE_SERVICES=1 (CI), where they fail instead.
 */
export function describeWithBrowser(name: string, body: (env: BrowserTestEnv) => void): void {
  const chromium = findChromium();
  const withRedis = (path: string) =>
    describeEachRedis(name, (redis) => body({ chromium: path, redis }), ['redis']);
  if ('path' in chromium) {
    withRedis(chromium.path);
  } else if (process.env.GATEHOUSE_REQUIRE_SERVICES === '1') {
    describe(name, () => {
      it('has a Chromium to drive', () => {
        throw new Error(`${chromium.missing} but GATEHOUSE_REQUIRE_SERVICES=1; ${HOW_TO}`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: ${chromium.missing}; ${HOW_TO})`, () =>
      withRedis(DEBIAN_CHROMIUM));
  }
}
