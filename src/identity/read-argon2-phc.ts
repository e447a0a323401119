import { parsePhc } from './parse-phc.js';

/** The cost parameters of an `$argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>` PHC string. */
export interface Argon2Phc {
  variant: 'argon2id' | 'argon2i' | 'argon2d';
  /** Memory in KiB. */
  m: number;
  t: number;
  p: number;
}

/** Caps on a stored hash's costs, as for scrypt: 256 MiB, 16 passes, 16 lanes. */
const ARGON2_LIMITS = { maxMemoryKib: 256 * 1024, maxT: 16, maxP: 16 } as const;

const VARIANTS = new Set(['argon2id', 'argon2i', 'argon2d']);
const INT = /^[1-9]\d{0,9}$/;

/** Reads an argon2 PHC string within ARGON2_LIMITS; undefined when malformed, foreign or too costly. */
export function readArgon2Phc(text: string): Argon2Phc | undefined {
  const phc = parsePhc(text);
  if (!phc || !VARIANTS.has(phc.id) || !phc.salt || !phc.hash) return undefined;
  if (phc.version !== undefined && phc.version !== 16 && phc.version !== 19) return undefined;
  const { m, t, p, ...rest } = phc.params;
  if (
    Object.keys(rest).length > 0 ||
    !INT.test(m ?? '') ||
    !INT.test(t ?? '') ||
    !INT.test(p ?? '')
  ) {
    return undefined;
  }
  const costs = { m: Number(m), t: Number(t), p: Number(p) };
  if (
    costs.m > ARGON2_LIMITS.maxMemoryKib ||
    costs.t > ARGON2_LIMITS.maxT ||
    costs.p > ARGON2_LIMITS.maxP
  ) {
    return undefined;
  }
  if (phc.salt.length < 8 || phc.hash.length < 4) return undefined;
  return { variant: phc.id as Argon2Phc['variant'], ...costs };
}
