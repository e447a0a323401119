const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// As the admin API accepts it: 1 to 256 printable ASCII characters, no spaces.
const JTI = /^[\x21-\x7e]{1,256}$/;

/** What POST /admin/revocations needs: a jti and its token's exp (seconds since the epoch). */
export interface RevocationInput {
  jti: string;
  exp: number;
  /** Whether both came from a pasted access token. */
  fromToken: boolean;
}

/** A JWS's payload, decoded without verification: it only fills the admin request. */
function payloadOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='));
  const payload: unknown = JSON.parse(
    new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
  );
  if (typeof payload !== 'object' || payload === null) throw new Error('not a claims set');
  return payload as Record<string, unknown>;
}

/** `exp` typed in: whole seconds since the epoch, or a date the browser can parse (ISO 8601). */
function parseExp(text: string): number {
  if (/^\d{1,15}$/.test(text) && Number(text) > 0) return Number(text);
  const ms = /^\d+$/.test(text) ? NaN : Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new Error('exp must be seconds since the epoch (the token’s exp) or an ISO 8601 date');
  }
  return Math.ceil(ms / 1000);
}

/**
 * Reads the "revoke by jti" form: a whole pasted access token (jti and exp read from its payload;
 * a typed exp must then agree) or a bare jti plus its exp. Throws an Error saying what is wrong.
 */
export function parseRevocation(tokenOrJti: string, expText: string): RevocationInput {
  const input = tokenOrJti.trim().replace(/^bearer\s+/i, '');
  const typedExp = expText.trim();
  if (input === '') throw new Error('Enter a jti, or paste the whole access token');
  if (JWT.test(input)) {
    let claims: Record<string, unknown>;
    try {
      claims = payloadOf(input);
    } catch {
      throw new Error(
        'The pasted token’s payload cannot be read: paste the whole token, or its jti',
      );
    }
    const { jti, exp } = claims;
    if (typeof jti !== 'string' || !JTI.test(jti))
      throw new Error('The pasted token has no usable jti');
    if (typeof exp !== 'number' || !Number.isInteger(exp) || exp <= 0) {
      throw new Error('The pasted token has no usable exp');
    }
    if (typedExp !== '' && parseExp(typedExp) !== exp) {
      throw new Error('exp differs from the pasted token’s exp: leave it empty to use the token’s');
    }
    return { jti, exp, fromToken: true };
  }
  if (!JTI.test(input)) {
    throw new Error('A jti is 1 to 256 printable ASCII characters, without spaces');
  }
  if (typedExp === '') {
    throw new Error('exp is required with a bare jti (the token’s exp), or paste the whole token');
  }
  return { jti: input, exp: parseExp(typedExp), fromToken: false };
}
