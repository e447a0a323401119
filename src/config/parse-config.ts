import { parse as parseYaml } from 'yaml';
import { applyEnvOverrides } from './env-overrides.js';
import { formatIssues } from './format-issues.js';
import { interpolateEnv } from './interpolate-env.js';
import { configSchema, type GatehouseConfig } from './schema.js';

export type ConfigResult =
  { ok: true; config: GatehouseConfig } | { ok: false; problems: string[] };

/**
 * Parses YAML text into a frozen, validated config: `${VAR}` interpolation, then env overrides,
 * then the zod schema. Reports every problem with its path; never throws, never touches I/O.
 */
export function parseConfig(
  yamlText: string,
  env: Readonly<Record<string, string | undefined>> = {},
): ConfigResult {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText) ?? {};
  } catch (error) {
    return { ok: false, problems: [`(file): ${(error as Error).message.split('\n')[0]}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: ['(root): Expected a mapping'] };
  }
  const missing = new Set<string>();
  const interpolated = interpolateEnv(raw, env, missing) as Record<string, unknown>;
  const overridden = applyEnvOverrides(interpolated, env);
  const result = configSchema.safeParse(overridden.raw);
  const problems = [...missing].map((name) => `(env): ${name} is referenced but not set`);
  problems.push(...overridden.problems);
  if (!result.success) problems.push(...formatIssues(result.error.issues));
  if (result.success) problems.push(...crossFieldProblems(result.data));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: deepFreeze(result.data!) };
}

function crossFieldProblems(config: GatehouseConfig): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  config.routes.forEach((route, index) => {
    if (route.name === undefined) return;
    const first = seen.get(route.name);
    if (first !== undefined)
      problems.push(`routes[${index}].name: Duplicate of routes[${first}].name`);
    else seen.set(route.name, index);
  });
  if (config.server.workers !== 1 && config.store.kind === 'memory') {
    // Each worker would hold its own sessions: a refresh landing on another worker would fail.
    problems.push(
      'server.workers: More than one worker needs a shared store (store.kind: redis, cluster or sentinel)',
    );
  }
  if (config.sessions.absoluteTtl < config.sessions.idleTtl) {
    problems.push('sessions.absoluteTtl: Must not be shorter than sessions.idleTtl');
  }
  return problems;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
