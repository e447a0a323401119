import {
  configPath,
  configProblemReport,
  loadConfigFile,
} from '../adapters/node/load-config-file.js';
import { createStore } from '../adapters/node/create-store.js';
import { startSigningKeysFor } from '../adapters/node/keys/start-signing-keys.js';
import type { GatehouseConfig } from '../config/schema.js';
import { GatewayError } from '../errors/gateway-error.js';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../observability/logger.js';
import type { SigningKeys } from '../keys/signing-keys.js';

/** Streams and environment a command runs against. */
export interface SigningKeyCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** A command that changes the signing key set: rotate-key, revoke-key. */
export interface SigningKeyCommand {
  name: string;
  usage: string;
  /** How many positional arguments it takes (besides `--config <file>`). */
  positionals: number;
  /** The API call that does the same to a running gateway with an in-process store. */
  apiAlternative: string;
  /** Does the change; returns what goes to stdout and to stderr. */
  run(keys: SigningKeys, positionals: string[]): Promise<{ out: string; note: string }>;
}

/**
 * `--config <file>` (or `--config=<file>`) and the positional arguments; an error for any other
 * `--` option. A kid may begin with "-" (base64url), and everything after a bare `--` is positional.
 */
function parseArgs(args: string[]): { file?: string; positionals: string[] } | { problem: string } {
  const positionals: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--config=')) file = arg.slice(9);
    else if (arg === '--config' && args[i + 1] !== undefined) file = args[++i];
    else if (arg.startsWith('--')) return { problem: `unexpected argument "${arg}"` };
    else positionals.push(arg);
  }
  return file === undefined ? { positionals } : { file, positionals };
}

/** Why this config's keys cannot be changed from the command line, if they cannot. */
function refusal(config: GatehouseConfig, command: SigningKeyCommand): string | undefined {
  const { tokens, store } = config;
  if (tokens.keys.source === 'file' || tokens.keys.source === 'env') {
    return `keys are managed outside gatehouse (tokens.keys.source: ${tokens.keys.source})`;
  }
  if (tokens.keys.source === 'store' && store.kind === 'memory') {
    return `the memory store lives inside the gateway process: use ${command.apiAlternative}`;
  }
  return undefined;
}

/** Runs `command` with `args`: exit 0 on success, 1 when it failed, 2 for bad arguments. */
export async function runSigningKeyCommand(
  command: SigningKeyCommand,
  args: string[],
  io: SigningKeyCommandIo,
): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout.write(command.usage);
    return 0;
  }
  const parsed = parseArgs(args);
  if ('problem' in parsed || parsed.positionals.length !== command.positionals) {
    const problem =
      'problem' in parsed
        ? parsed.problem
        : `expected ${command.positionals} argument(s), got ${parsed.positionals.length}`;
    io.stderr.write(`gatehouse ${command.name}: ${problem}\n${command.usage}`);
    return 2;
  }
  const path = configPath(io.env, parsed.file);
  const loaded = await loadConfigFile(path, io.env, { files: false });
  if (!loaded.ok) {
    io.stderr.write(configProblemReport(path, loaded.problems));
    return 1;
  }
  const refused = refusal(loaded.config, command);
  if (refused) {
    io.stderr.write(`gatehouse ${command.name}: ${refused}\n`);
    return 1;
  }
  const store = createStore(loaded.config.store, silentLogger);
  try {
    const keys = await startSigningKeysFor(loaded.config, {
      store,
      clock: systemClock,
      logger: silentLogger,
      env: io.env,
    });
    const { out, note } = await command.run(keys, parsed.positionals);
    io.stdout.write(`${out}\n`);
    io.stderr.write(`${note}\n`);
    return 0;
  } catch (error) {
    const detail = error instanceof GatewayError ? error.detail : (error as Error).message;
    io.stderr.write(`gatehouse ${command.name}: ${detail ?? 'failed'}\n`);
    return 1;
  } finally {
    await store.close().catch(() => {});
  }
}
