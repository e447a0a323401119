import {
  configPath,
  configProblemReport,
  loadConfigFile,
} from '../adapters/node/load-config-file.js';

/** Where a local probe reaches a listener bound to `host` (a wildcard address means loopback). */
function probeHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * `gatehouse healthcheck [file]`: GET /healthz on the host and port the config (with its env
 * overrides) listens on; exit 0 on 200, else 1. The Docker HEALTHCHECK runs it.
 */
export async function healthcheckCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): Promise<number> {
  const path = configPath(io.env, args[0]);
  const loaded = await loadConfigFile(path, io.env, { files: false });
  if (!loaded.ok) {
    io.stderr.write(configProblemReport(path, loaded.problems));
    return 1;
  }
  const { host, port } = loaded.config.server;
  const url = `http://${probeHost(host)}:${port}/healthz`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    if (response.ok) return 0;
    io.stderr.write(`gatehouse healthcheck: ${url} answered ${response.status}\n`);
  } catch {
    io.stderr.write(`gatehouse healthcheck: ${url} did not answer\n`);
  }
  return 1;
}
