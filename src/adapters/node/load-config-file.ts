import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  NOTHING_VALID,
  parseConfig,
  type ConfigResult,
  type ValidParts,
} from '../../config/parse-config.js';
import { routeProblems } from '../../policy/routes/compile-routes.js';
import { identityFileProblems } from './identity/build-identity-sources.js';

/** The config file path: `GATEHOUSE_CONFIG`, else `config/gatehouse.yaml`. */
export function configPath(env: NodeJS.ProcessEnv, explicit?: string): string {
  return explicit ?? env.GATEHOUSE_CONFIG ?? 'config/gatehouse.yaml';
}

/**
 * Reads and validates a config file, in one pass: the schema and cross-field rules, the rules
 * routes are compiled with, and (unless `files: false`) the users files it names, read and
 * checked as start-up loads them. Reading those files is the only side effect. Start-up and
 * `check-config` both call this, so they refuse the same configs with the same lines.
 */
export async function loadConfigFile(
  path: string,
  env: NodeJS.ProcessEnv,
  options: { files?: boolean } = {},
): Promise<ConfigResult> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    return {
      ok: false,
      problems: [`${path}: cannot read the file (${code})`],
      valid: NOTHING_VALID,
    };
  }
  const result = parseConfig(text, env);
  const valid: ValidParts = result.ok
    ? {
        identity: result.config.identity,
        routes: result.config.routes.map((route, index) => ({ index, route })),
      }
    : result.valid;
  const more = routeProblems(valid.routes);
  if (options.files !== false && valid.identity) {
    more.push(...(await identityFileProblems(valid.identity, (file) => readFile(file, 'utf8'))));
  }
  if (more.length === 0) return result;
  const problems = result.ok ? more : [...result.problems, ...more];
  return { ok: false, problems, valid };
}

/** The report of a refused config, the same at start-up and in the CLI: a header, then `path: message` lines. */
export function configProblemReport(path: string, problems: readonly string[]): string {
  return `gatehouse: invalid config ${path}\n${problems.map((line) => `  ${line}\n`).join('')}`;
}
