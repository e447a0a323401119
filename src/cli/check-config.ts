import {
  configPath,
  configProblemReport,
  loadConfigFile,
} from '../adapters/node/load-config-file.js';
import { gatehouseVersion } from './version.js';

export const CHECK_CONFIG_USAGE = `usage: gatehouse check-config [file]

Validates a config file as start-up does, without starting: the schema, the cross-field rules,
the route rules and the users files it names (read, never written). Prints every problem as
\`path: message\` and exits 1, or prints a summary and exits 0.

  file            the config file (default: $GATEHOUSE_CONFIG, else config/gatehouse.yaml)
  -h, --help      print this help
  --version       print the gatehouse version
`;

/** `gatehouse check-config [file]`: validates a config without starting; exit 0 when valid. */
export async function checkConfigCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout.write(CHECK_CONFIG_USAGE);
    return 0;
  }
  if (args.includes('--version')) {
    io.stdout.write(`${gatehouseVersion()}\n`);
    return 0;
  }
  const unknown = args.find((arg) => arg.startsWith('-'));
  if (unknown !== undefined || args.length > 1) {
    const problem = unknown === undefined ? 'at most one file' : `unknown option "${unknown}"`;
    io.stderr.write(`gatehouse check-config: ${problem}\n${CHECK_CONFIG_USAGE}`);
    return 2;
  }
  const path = configPath(io.env, args[0]);
  const result = await loadConfigFile(path, io.env);
  if (!result.ok) {
    io.stderr.write(configProblemReport(path, result.problems));
    return 1;
  }
  const { routes, store, tokens } = result.config;
  io.stdout.write(
    `${path}: ok (store ${store.kind}, ${tokens.algorithm}, ${routes.length} route(s))\n`,
  );
  return 0;
}
