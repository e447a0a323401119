import type { Revocation } from '../revocation.js';
import { validRevocation } from '../valid-revocation.js';

/** What travels on the revocation channel: one revocation, or word that the key set changed. */
export type RevocationMessage =
  { kind: 'revocation'; revocation: Revocation } | { kind: 'keys-changed'; version: number };

/**
 * The channel's wire format: small JSON, a revocation as itself (`{"kind":"session","sid":...}`)
 * and a key change as `{"kind":"keys","version":n}`. `decode` answers null for anything else.
 */
export const revocationMessage = {
  /** The JSON of a message. */
  encode(message: RevocationMessage): string {
    return message.kind === 'revocation'
      ? JSON.stringify(message.revocation)
      : JSON.stringify({ kind: 'keys', version: message.version });
  },

  /** The message a channel payload carries, or null when it is not one. */
  decode(text: string): RevocationMessage | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    const { kind, version } = (value ?? {}) as { kind?: unknown; version?: unknown };
    if (kind === 'keys') {
      return Number.isSafeInteger(version)
        ? { kind: 'keys-changed', version: version as number }
        : null;
    }
    const revocation = validRevocation(value);
    return revocation ? { kind: 'revocation', revocation } : null;
  },
};
