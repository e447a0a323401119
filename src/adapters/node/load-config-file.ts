import { readFileSync } from 'node:fs';
import { parseConfig, type ConfigResult } from '../../config/parse-config.js';

/** The config file path: `GATEHOUSE_CONFIG`, else `config/gatehouse.yaml`. */
export function configPath(env: NodeJS.ProcessEnv, explicit?: string): string {
  return explicit ?? env.GATEHOUSE_CONFIG ?? 'config/gatehouse.yaml';
}

/** Reads and validates a config file; an unreadable file is reported like any other problem. */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    return { ok: false, problems: [`${path}: cannot read the file (${code})`] };
  }
  return parseConfig(text, env);
}
