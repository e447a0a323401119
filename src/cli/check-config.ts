import { configPath, loadConfigFile } from '../adapters/node/load-config-file.js';

/** `gatehouse check-config [file]`: validates a config without starting; exit 0 when valid. */
export function checkConfigCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): number {
  const path = configPath(io.env, args[0]);
  const result = loadConfigFile(path, io.env);
  if (!result.ok) {
    io.stderr.write(`${path}: ${result.problems.length} problem(s)\n`);
    for (const problem of result.problems) io.stderr.write(`  ${problem}\n`);
    return 1;
  }
  const { routes, store, tokens } = result.config;
  io.stdout.write(
    `${path}: ok (store ${store.kind}, ${tokens.algorithm}, ${routes.length} route(s))\n`,
  );
  return 0;
}
