/** A parsed PHC string: `$<id>[$v=<version>][$<k>=<v>,...][$<salt>[$<hash>]]`. */
export interface Phc {
  id: string;
  version?: number;
  params: Record<string, string>;
  salt?: Uint8Array;
  hash?: Uint8Array;
}

const ID = /^[a-z0-9-]{1,32}$/;
const PARAM = /^([a-z0-9-]{1,32})=([A-Za-z0-9/+.-]{1,64})$/;
// PHC "B64": the standard alphabet without padding.
const B64 = /^[A-Za-z0-9+/]*$/;

/** Parses a PHC string (https://github.com/P-H-C/phc-string-format); undefined when malformed. */
export function parsePhc(text: string): Phc | undefined {
  if (text.length > 512 || !text.startsWith('$')) return undefined;
  const fields = text.slice(1).split('$');
  const id = fields.shift();
  if (id === undefined || !ID.test(id)) return undefined;
  const phc: Phc = { id, params: Object.create(null) as Record<string, string> };
  if (fields[0]?.startsWith('v=')) {
    const version = fields.shift()!.slice(2);
    if (!/^\d{1,6}$/.test(version)) return undefined;
    phc.version = Number(version);
  }
  if (fields[0]?.includes('=')) {
    for (const pair of fields.shift()!.split(',')) {
      const match = PARAM.exec(pair);
      if (!match || match[1]! in phc.params) return undefined;
      phc.params[match[1]!] = match[2]!;
    }
  }
  if (fields.length > 2) return undefined;
  const [salt, hash] = fields.map(decodeB64);
  if (salt === null || hash === null) return undefined;
  if (salt) phc.salt = salt;
  if (hash) phc.hash = hash;
  return phc;
}

function decodeB64(text: string): Uint8Array | null {
  // Length 4k+1 is never valid base64.
  if (text === '' || !B64.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/** Formats a PHC string; salt and hash in PHC "B64" (standard alphabet, no padding). */
export function formatPhc(phc: Phc): string {
  const fields = [phc.id];
  if (phc.version !== undefined) fields.push(`v=${phc.version}`);
  const params = Object.entries(phc.params).map(([key, value]) => `${key}=${value}`);
  if (params.length > 0) fields.push(params.join(','));
  if (phc.salt) fields.push(encodeB64(phc.salt));
  if (phc.salt && phc.hash) fields.push(encodeB64(phc.hash));
  return `$${fields.join('$')}`;
}

function encodeB64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
}

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

const SCRYPT_INT = /^[1-9]\d{0,2}$/;

/**
 * Exactly the named parameters, each an integer written as `pattern` allows, as numbers;
 * undefined when one is missing or malformed, or another is present.
 */
function integerParams<N extends string>(
  params: Record<string, string>,
  names: readonly N[],
  pattern: RegExp,
): Record<N, number> | undefined {
  if (Object.keys(params).length !== names.length) return undefined;
  const values = {} as Record<N, number>;
  for (const name of names) {
    const text = params[name];
    if (text === undefined || !pattern.test(text)) return undefined;
    values[name] = Number(text);
  }
  return values;
}

/** Reads a scrypt PHC string within SCRYPT_LIMITS; undefined when malformed, foreign or too costly. */
export function readScryptPhc(text: string): ScryptPhc | undefined {
  const phc = parsePhc(text);
  if (!phc || phc.id !== 'scrypt' || phc.version !== undefined || !phc.salt || !phc.hash)
    return undefined;
  const params = integerParams(phc.params, ['ln', 'r', 'p'], SCRYPT_INT);
  if (!params) return undefined;
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
const ARGON2_INT = /^[1-9]\d{0,9}$/;

/** Reads an argon2 PHC string within ARGON2_LIMITS; undefined when malformed, foreign or too costly. */
export function readArgon2Phc(text: string): Argon2Phc | undefined {
  const phc = parsePhc(text);
  if (!phc || !VARIANTS.has(phc.id) || !phc.salt || !phc.hash) return undefined;
  if (phc.version !== undefined && phc.version !== 16 && phc.version !== 19) return undefined;
  const costs = integerParams(phc.params, ['m', 't', 'p'], ARGON2_INT);
  if (!costs) return undefined;
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
