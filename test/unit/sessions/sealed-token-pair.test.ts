import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../../src/lib/base64url.js';
import { nodeSecretCrypto } from '../../../src/adapters/node/node-secret-crypto.js';
import { webSecretCrypto, type SecretCrypto } from '../../../src/lib/secret-crypto.js';
import { mintRefreshToken } from '../../../src/sessions/refresh-token.js';
import {
  openTokenPair,
  sealTokenPair,
  type TokenPair,
} from '../../../src/sessions/sealed-token-pair.js';

const SID = 'AAAAAAAAAAAAAAAAAAAAAA';
const PAIR: TokenPair = {
  access_token: 'eyJ.access.token',
  expires_at: 1_767_225_900,
  refresh_token: `v1.${SID}.${'C'.repeat(43)}`,
  scope: 'read:api profile',
};

// Every case with each SecretCrypto sealing and each opening: the Web Crypto default and the Node
// adapter's must make and accept the same bytes (a mixed-runtime deployment shares one store).
const CRYPTOS: Record<string, SecretCrypto> = { web: webSecretCrypto, node: nodeSecretCrypto };
const PAIRINGS = Object.entries(CRYPTOS).flatMap(([sealer, sealing]) =>
  Object.entries(CRYPTOS).map(([opener, opening]) => ({ sealer, sealing, opener, opening })),
);

describe.each(PAIRINGS)(
  'sealTokenPair ($sealer) / openTokenPair ($opener)',
  ({ sealing, opening }) => {
    const mint = (sid: string) => mintRefreshToken(sealing, sid);
    const seal = (presented: { sid: string; secret: string }, pair: TokenPair) =>
      sealTokenPair(sealing, presented, pair);
    const open = (presented: { sid: string; secret: string }, sealed: string) =>
      openTokenPair(opening, presented, sealed);

    it('opens what it sealed, with the same presented secret', async () => {
      const presented = await mint(SID);
      const sealed = await seal(presented, PAIR);
      expect(await open(presented, sealed)).toEqual(PAIR);
    });

    it('seals to versioned base64url that does not hold the tokens in clear', async () => {
      const sealed = await seal(await mint(SID), PAIR);
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      for (const secret of [PAIR.access_token, PAIR.refresh_token, 'C'.repeat(20)]) {
        expect(sealed).not.toContain(secret);
        expect(new TextDecoder().decode(base64urlDecode(sealed.slice(3)))).not.toContain(secret);
      }
    });

    it('uses a fresh IV each time', async () => {
      const presented = await mint(SID);
      expect(await seal(presented, PAIR)).not.toBe(await seal(presented, PAIR));
    });

    it('does not open under another secret', async () => {
      const sealed = await seal(await mint(SID), PAIR);
      expect(await open(await mint(SID), sealed)).toBeNull();
    });

    it('does not open for another sid with the same secret (the sid is bound in)', async () => {
      const presented = await mint(SID);
      const sealed = await seal(presented, PAIR);
      const elsewhere = { sid: 'BBBBBBBBBBBBBBBBBBBBBB', secret: presented.secret };
      expect(await open(elsewhere, sealed)).toBeNull();
    });

    it('does not open a tampered blob', async () => {
      const presented = await mint(SID);
      const sealed = await seal(presented, PAIR);
      const bytes = base64urlDecode(sealed.slice(3));
      bytes[bytes.length - 20]! ^= 1;
      expect(await open(presented, `v1.${base64urlEncode(bytes)}`)).toBeNull();
    });

    it.each([
      ['no version prefix', (s: string) => s.slice(3)],
      ['another version', (s: string) => `v2.${s.slice(3)}`],
      ['not base64url', () => 'v1.@@@'],
      ['too short for an IV', () => 'v1.AAAA'],
      ['empty', () => ''],
    ])('answers null for %s', async (_name, mangle) => {
      const presented = await mint(SID);
      const sealed = await seal(presented, PAIR);
      expect(await open(presented, mangle(sealed))).toBeNull();
    });
  },
);
