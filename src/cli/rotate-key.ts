import { configPath, loadConfigFile } from '../adapters/node/load-config-file.js';
import { createStore } from '../adapters/node/create-store.js';
import { startSigningKeysFor } from '../adapters/node/start-signing-keys-for.js';
import { GatewayError } from '../errors/gateway-error.js';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../observability/logger.js';

/** Streams and environment the command runs against. */
export interface RotateKeyIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const USAGE = `usage: gatehouse rotate-key [--config <file>]

Makes a new active signing key; the previous one keeps verifying until its last token expires.
Prints the new kid. tokens.keys.source store: every running instance switches within
milliseconds. generate: rewrites <dataDir>/signing-keys.json, used from the gateway's next start
(rotate a running gateway with POST /admin/keys/rotate instead).
`;

/** The config file named by `--config <file>` (or `--config=<file>`); an error for anything else. */
function parseArgs(args: string[]): { file?: string } | { problem: string } {
  const [first, second, ...rest] = args;
  if (first === undefined) return {};
  if (first.startsWith('--config=') && second === undefined) return { file: first.slice(9) };
  if (first === '--config' && second !== undefined && rest.length === 0) return { file: second };
  return { problem: `unexpected argument "${first}"` };
}

/** Why this config's keys cannot be rotated from the command line, if they cannot. */
function refusal(config: ReturnType<typeof loadConfigFile> & { ok: true }): string | undefined {
  const { tokens, store } = config.config;
  if (tokens.keys.source === 'file' || tokens.keys.source === 'env') {
    return `keys are managed outside gatehouse (tokens.keys.source: ${tokens.keys.source})`;
  }
  if (tokens.keys.source === 'store' && store.kind === 'memory') {
    return 'the memory store lives inside the gateway process: use POST /admin/keys/rotate';
  }
  return undefined;
}

/** `gatehouse rotate-key [--config file]`: rotates the signing key; exit 0 and the kid on success. */
export async function rotateKeyCommand(args: string[], io: RotateKeyIo): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  if ('problem' in parsed) {
    io.stderr.write(`gatehouse rotate-key: ${parsed.problem}\n${USAGE}`);
    return 2;
  }
  const path = configPath(io.env, parsed.file);
  const loaded = loadConfigFile(path, io.env);
  if (!loaded.ok) {
    io.stderr.write(`${path}: ${loaded.problems.length} problem(s)\n`);
    for (const problem of loaded.problems) io.stderr.write(`  ${problem}\n`);
    return 1;
  }
  const refused = refusal(loaded);
  if (refused) {
    io.stderr.write(`gatehouse rotate-key: ${refused}\n`);
    return 1;
  }
  return rotate(loaded.config, io);
}

async function rotate(
  config: Parameters<typeof startSigningKeysFor>[0],
  io: RotateKeyIo,
): Promise<number> {
  const store = createStore(config.store, silentLogger);
  try {
    const keys = await startSigningKeysFor(config, {
      store,
      clock: systemClock,
      logger: silentLogger,
      env: io.env,
    });
    const { kid, previous } = await keys.rotate();
    io.stdout.write(`${kid}\n`);
    io.stderr.write(`new active key ${kid}; still verifying: ${previous.join(', ') || '(none)'}\n`);
    return 0;
  } catch (error) {
    const detail = error instanceof GatewayError ? error.detail : (error as Error).message;
    io.stderr.write(`gatehouse rotate-key: ${detail ?? 'failed'}\n`);
    return 1;
  } finally {
    await store.close().catch(() => {});
  }
}
