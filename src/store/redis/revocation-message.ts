import { type Revocation, validRevocation } from '../revocation-log.js';

/** What travels on the revocation channel: one revocation, or word that the key set changed. */
export type RevocationMessage =
  | {
      kind: 'revocation';
      revocation: Revocation;
      /** The publisher's clock when it published (epoch ms); absent from older publishers. */
      publishedAt?: number;
      /** Its sequence number, added by the publish script; absent from older publishers. */
      seq?: number;
    }
  | { kind: 'keys-changed'; version: number };

/**
 * The channel's wire format: small JSON, a revocation as itself plus `publishedAt`
 * (`{"kind":"session","sid":...,"publishedAt":...}`) and a key change as
 * `{"kind":"keys","version":n}`. `decode` answers null for anything else. Both directions stay
 * compatible across versions: older subscribers ignore `publishedAt` (validRevocation copies the
 * known fields only), and a message without it still decodes.
 */
export const revocationMessage = {
  /** The JSON of a message. */
  encode(message: RevocationMessage): string {
    if (message.kind === 'keys-changed') {
      return JSON.stringify({ kind: 'keys', version: message.version });
    }
    const { revocation, publishedAt } = message;
    return JSON.stringify(publishedAt === undefined ? revocation : { ...revocation, publishedAt });
  },

  /** The message a channel payload carries, or null when it is not one. */
  decode(text: string): RevocationMessage | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    const { kind, version, publishedAt, seq } = (value ?? {}) as Record<string, unknown>;
    if (kind === 'keys') {
      return Number.isSafeInteger(version)
        ? { kind: 'keys-changed', version: version as number }
        : null;
    }
    const revocation = validRevocation(value);
    if (!revocation) return null;
    // A garbled timestamp costs only the propagation sample, a garbled seq a listing; never the
    // revocation.
    return {
      kind: 'revocation',
      revocation,
      ...(Number.isSafeInteger(publishedAt) ? { publishedAt: publishedAt as number } : {}),
      ...(Number.isSafeInteger(seq) && (seq as number) > 0 ? { seq: seq as number } : {}),
    };
  },
};
