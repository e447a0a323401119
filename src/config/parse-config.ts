import { parse as parseYaml } from 'yaml';
import { applyEnvOverrides } from './env-overrides.js';
import { formatIssues } from './format-issues.js';
import { interpolateEnv } from './interpolate-env.js';
import { routeSchema, type RouteConfig } from './route-schema.js';
import { configSchema, type GatehouseConfig } from './schema.js';

/** The parts of a rejected config that are valid by themselves: later checks still read them. */
export interface ValidParts {
  identity: GatehouseConfig['identity'] | undefined;
  /** Each route that is valid alone, with its index in `routes`. */
  routes: ReadonlyArray<{ index: number; route: RouteConfig }>;
}

/** Nothing of the config could be read. */
export const NOTHING_VALID: ValidParts = Object.freeze({ identity: undefined, routes: [] });

/**
 * A config, or every problem found. A rejected config still carries its valid parts, so the
 * files they name and the route rules can be checked in the same pass (one report, not rounds).
 */
export type ConfigResult =
  { ok: true; config: GatehouseConfig } | { ok: false; problems: string[]; valid: ValidParts };

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
    const problem = `(file): ${(error as Error).message.split('\n')[0]}`;
    return { ok: false, problems: [problem], valid: NOTHING_VALID };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: ['(root): Expected a mapping'], valid: NOTHING_VALID };
  }
  const missing = new Set<string>();
  const interpolated = interpolateEnv(raw, env, missing) as Record<string, unknown>;
  const overridden = applyEnvOverrides(interpolated, env);
  const result = configSchema.safeParse(overridden.raw);
  const problems = [...missing].map((name) => `(env): ${name} is referenced but not set`);
  problems.push(...overridden.problems);
  if (!result.success) problems.push(...formatIssues(result.error.issues));
  // Cross-field rules run on the sections that are valid by themselves, so they are reported in
  // the same pass as the field errors, not only once those are fixed.
  problems.push(...crossFieldProblems(overridden.raw));
  if (problems.length > 0) return { ok: false, problems, valid: validParts(overridden.raw) };
  return { ok: true, config: deepFreeze(result.data!) };
}

/** The fields cross-field rules read, each parsed alone; undefined where it is invalid. */
function fields(raw: Record<string, unknown>) {
  const { shape } = configSchema;
  const section = (name: string) => {
    const value = raw[name];
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  };
  const one = <T>(parsed: { success: boolean; data?: T }) =>
    parsed.success ? parsed.data : undefined;
  const sessions = shape.sessions.unwrap().shape;
  return {
    workers: one(shape.server.unwrap().shape.workers.safeParse(section('server').workers)),
    store: one(shape.store.safeParse(raw.store)),
    idleTtl: one(sessions.idleTtl.safeParse(section('sessions').idleTtl)),
    absoluteTtl: one(sessions.absoluteTtl.safeParse(section('sessions').absoluteTtl)),
    routeNames: Array.isArray(raw.routes)
      ? raw.routes.map((route: unknown) => {
          const name = (route as { name?: unknown } | null)?.name;
          return typeof name === 'string' ? name : undefined;
        })
      : [],
  };
}

function validParts(raw: Record<string, unknown>): ValidParts {
  const identity = configSchema.shape.identity.safeParse(raw.identity);
  const routes: Array<{ index: number; route: RouteConfig }> = [];
  if (Array.isArray(raw.routes)) {
    raw.routes.forEach((item: unknown, index) => {
      const parsed = routeSchema.safeParse(item);
      if (parsed.success) routes.push({ index, route: parsed.data });
    });
  }
  return { identity: identity.success ? identity.data : undefined, routes };
}

function crossFieldProblems(raw: Record<string, unknown>): string[] {
  const { workers, store, idleTtl, absoluteTtl, routeNames } = fields(raw);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  routeNames.forEach((name, index) => {
    if (name === undefined) return;
    const first = seen.get(name);
    if (first !== undefined)
      problems.push(`routes[${index}].name: Duplicate of routes[${first}].name`);
    else seen.set(name, index);
  });
  if (workers !== undefined && workers !== 1 && store?.kind === 'memory') {
    // Each worker would hold its own sessions: a refresh landing on another worker would fail.
    problems.push(
      'server.workers: More than one worker needs a shared store (store.kind: redis, cluster or sentinel)',
    );
  }
  if (idleTtl !== undefined && absoluteTtl !== undefined && absoluteTtl < idleTtl) {
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
