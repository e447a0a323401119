import { parsePhc } from './parse-phc.js';

/** scrypt parameters and material from a `$scrypt$ln=..,r=..,p=..$<salt>$<hash>` PHC string. */
export interface ScryptPhc {
  /** log2 of the cost N. */
  ln: number;
  r: number;
  p: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

/**
 * Caps on what a stored hash may ask for, so a hostile users file cannot make one login allocate
 * gigabytes or burn minutes of CPU. The defaults (ln=15, r=8, p=1: 32 MiB) sit well inside.
 */
const SCRYPT_LIMITS = {
  maxLn: 20,
  maxR: 32,
  maxP: 16,
  /** scrypt needs 128·N·r bytes. */
  maxMemoryBytes: 256 * 1024 * 1024,
  /** N·r·p bounds the work, 32× the default. */
  maxWork: 2 ** 23,
} as const;

const INT = /^[1-9]\d{0,2}$/;

/** Reads a scrypt PHC string within SCRYPT_LIMITS; undefined when malformed, foreign or too costly. */
export function readScryptPhc(text: string): ScryptPhc | undefined {
  const phc = parsePhc(text);
  if (!phc || phc.id !== 'scrypt' || phc.version !== undefined || !phc.salt || !phc.hash)
    return undefined;
  const { ln, r, p, ...rest } = phc.params;
  if (
    Object.keys(rest).length > 0 ||
    !INT.test(ln ?? '') ||
    !INT.test(r ?? '') ||
    !INT.test(p ?? '')
  ) {
    return undefined;
  }
  const params = { ln: Number(ln), r: Number(r), p: Number(p) };
  const n = 2 ** params.ln;
  const withinLimits =
    params.ln <= SCRYPT_LIMITS.maxLn &&
    params.r <= SCRYPT_LIMITS.maxR &&
    params.p <= SCRYPT_LIMITS.maxP &&
    128 * n * params.r <= SCRYPT_LIMITS.maxMemoryBytes &&
    n * params.r * params.p <= SCRYPT_LIMITS.maxWork;
  const sizesOk =
    phc.salt.length >= 8 && phc.salt.length <= 64 && phc.hash.length >= 16 && phc.hash.length <= 64;
  if (!withinLimits || !sizesOk) return undefined;
  return { ...params, salt: phc.salt, hash: phc.hash };
}
