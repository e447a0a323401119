import { describe, expect, it } from 'vitest';
import { revocationMessage } from '../../../src/store/redis/revocation-message.js';

const session = { kind: 'session', sid: 's1', forgetAt: 1_900_000_060_000 } as const;

describe('revocationMessage', () => {
  it('carries the publication time next to the revocation', () => {
    const text = revocationMessage.encode({
      kind: 'revocation',
      revocation: session,
      publishedAt: 1_900_000_000_000,
    });
    expect(JSON.parse(text)).toEqual({ ...session, publishedAt: 1_900_000_000_000 });
    expect(revocationMessage.decode(text)).toEqual({
      kind: 'revocation',
      revocation: session,
      publishedAt: 1_900_000_000_000,
    });
  });

  it('decodes a message of an older publisher, without the time', () => {
    expect(revocationMessage.decode(JSON.stringify(session))).toEqual({
      kind: 'revocation',
      revocation: session,
    });
  });

  it('keeps the revocation of a message whose time is garbled, dropping only the time', () => {
    for (const publishedAt of ['1900000000000', 1.5, null, -Infinity]) {
      expect(revocationMessage.decode(JSON.stringify({ ...session, publishedAt }))).toEqual({
        kind: 'revocation',
        revocation: session,
      });
    }
  });

  it('encodes and decodes key-set changes and refuses anything else', () => {
    const text = revocationMessage.encode({ kind: 'keys-changed', version: 3 });
    expect(JSON.parse(text)).toEqual({ kind: 'keys', version: 3 });
    expect(revocationMessage.decode(text)).toEqual({ kind: 'keys-changed', version: 3 });
    for (const garbage of ['not json', 'null', '{"kind":"session"}', '{"kind":"keys"}']) {
      expect(revocationMessage.decode(garbage)).toBeNull();
    }
  });
});
