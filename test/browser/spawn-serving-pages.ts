import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnGateway, type SpawnedGateway } from '../helpers/spawn-gateway.js';

const BUILT = resolve(import.meta.dirname, '../../dist/browser');
const PAGES: Array<[url: string, built: string]> = [
  ['/app/', 'demo-spa/index.html'],
  ['/app/app.js', 'demo-spa/app.js'],
  ['/app/app.css', 'demo-spa/app.css'],
  ['/admin/ui/', 'admin-console/index.html'],
  ['/admin/ui/app.js', 'admin-console/app.js'],
  ['/admin/ui/app.css', 'admin-console/app.css'],
];
const ATTEMPTS = 3;
const REBUILD_WAIT_MS = 30_000;

const missingBuilds = () => PAGES.filter(([, built]) => !existsSync(join(BUILT, built)));

/** Polls until dist/browser holds every page again; false after `ms`. */
async function untilBuilt(ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (missingBuilds().length > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** The pages `origin` does not serve, each with the status it answered. */
async function unservedPages(origin: string): Promise<string[]> {
  const answers = await Promise.all(
    PAGES.map(async ([url]) => {
      const answer = await fetch(origin + url);
      await answer.arrayBuffer();
      return answer.status === 200 ? null : `${url} (${answer.status})`;
    }),
  );
  return answers.filter((answer) => answer !== null);
}

/**
 * Spawns gatehouse and checks it serves the demo SPA and the admin console. They are read from
 * dist/browser once, at start, and `npm run build:browser` empties that folder before it writes
 * it again: a start that overlapped a rebuild (another `npm test` or `npm start` on this checkout)
 * serves none of them, so the gateway is started again once the build is back, up to 3 times.
 */
export async function spawnServingPages(configFile: string): Promise<SpawnedGateway> {
  if (missingBuilds().length > 0) {
    const missing = missingBuilds().map(([, built]) => built);
    throw new Error(
      `dist/browser lacks ${missing.join(', ')}: run \`npm run build:browser\` (npm test does)`,
    );
  }
  let unserved: string[] = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const gateway = await spawnGateway(configFile);
    unserved = await unservedPages(gateway.url);
    if (unserved.length === 0) return gateway;
    await gateway.stop();
    if (!(await untilBuilt(REBUILD_WAIT_MS))) break;
  }
  throw new Error(`gatehouse did not serve ${unserved.join(', ')}: is dist/browser built?`);
}
