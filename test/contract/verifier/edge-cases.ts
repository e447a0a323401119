import { CompactSign, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningAlgorithm } from '../../../src/keys/keyring.js';
import type { AccessTokenVerifierFactory } from '../../../src/tokens/verify-access-token.js';
import { AUDIENCE, ISSUER, rejectionOf, tokenFixture } from '../../helpers/token-fixture.js';

type Fixture = Awaited<ReturnType<typeof tokenFixture>>;

/** A token signed with the fixture's real key, with this header and payload (claims or bytes). */
async function signed(
  f: Fixture,
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
): Promise<string> {
  const key = f.keyring.active;
  const fullHeader = { alg: key.alg, kid: key.kid, ...header };
  if (typeof payload === 'string') {
    return new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader(fullHeader as { alg: string })
      .sign(key.privateKey);
  }
  const now = Math.floor(f.clock.now() / 1000);
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'u',
    sid: 's',
    jti: 'j',
    iat: now,
    exp: now + 60,
    ...payload,
  })
    .setProtectedHeader(fullHeader as { alg: string })
    .sign(key.privateKey, header.crit ? { crit: { b64: true } } : undefined);
}

/**
 * Cases beyond the attack vectors where a hand-written pipeline could drift from jose's: the
 * spellings of `typ` jose accepts, signatures of the wrong length, a signed payload that is not
 * JSON, claims of the wrong type.
 */
export function edgeCases(factory: AccessTokenVerifierFactory): void {
  describe.each(['ES256', 'EdDSA', 'RS256'] as const)(
    'edge cases (%s)',
    (alg: SigningAlgorithm) => {
      const ready = tokenFixture(alg, { factory, cacheSize: 0 });

      it.each(['at+jwt', 'AT+JWT', 'application/at+jwt', 'Application/AT+JWT'])(
        'accepts typ %s (RFC 9068 §4, media types are case-insensitive)',
        async (typ) => {
          const f = await ready;
          await expect(f.verifier.verify(await signed(f, { typ }, {}))).resolves.toMatchObject({
            sub: 'u',
          });
        },
      );

      it.each([['jwt'], ['application/jwt'], ['at+jwt ']])('refuses typ %j', async (typ) => {
        const f = await ready;
        const error = await rejectionOf(f.verifier.verify(await signed(f, { typ }, {})));
        expect([error.detail, error.reason]).toEqual(['wrong token type', 'invalid_claims']);
      });

      it.each([
        [
          'a b64 crit, even one jose would accept',
          { crit: ['b64'], b64: true },
          'unsupported critical header',
        ],
        ['an empty crit', { crit: [] }, 'malformed token'],
        ['a crit that is not a list', { crit: 'exp' }, 'malformed token'],
      ])('refuses %s', async (_, header, detail) => {
        const f = await ready;
        const token = await signed(f, { typ: 'at+jwt', ...header }, {}).catch(() => undefined);
        if (token === undefined) return; // jose would not even sign it
        const error = await rejectionOf(f.verifier.verify(token));
        expect([error.detail, error.reason]).toEqual([detail, 'malformed']);
      });

      it.each([
        ['a short signature', (sig: string) => sig.slice(0, 8)],
        ['an empty signature', () => ''],
        ['a signature one byte too long', (sig: string) => `${sig}AA`],
      ])('refuses %s as a bad signature', async (_, cut) => {
        const f = await ready;
        const [h, p, s] = (await signed(f, { typ: 'at+jwt' }, {})).split('.');
        const error = await rejectionOf(f.verifier.verify(`${h}.${p}.${cut(s!)}`));
        expect([error.detail, error.reason]).toEqual(['bad signature', 'bad_signature']);
      });

      it.each([['not json'], ['[1,2]'], ['"a string"'], ['null']])(
        'refuses a validly signed payload %j as malformed',
        async (payload) => {
          const f = await ready;
          const error = await rejectionOf(
            f.verifier.verify(await signed(f, { typ: 'at+jwt' }, payload)),
          );
          expect([error.detail, error.reason]).toEqual(['malformed token', 'malformed']);
        },
      );

      it.each([
        ['iat as a string', { iat: '1' }],
        ['nbf as a string', { nbf: '1' }],
        ['exp as a string', { exp: '9999999999' }],
        ['sub empty', { sub: '' }],
        ['scope as a list', { scope: ['read'] }],
      ])('refuses %s as invalid claims', async (_, claims) => {
        const f = await ready;
        const error = await rejectionOf(
          f.verifier.verify(await signed(f, { typ: 'at+jwt' }, claims)),
        );
        expect([error.detail, error.reason]).toEqual([
          'missing or invalid claims',
          'invalid_claims',
        ]);
      });

      it('refuses other spellings of a token it has cached (the cache is looked up first)', async () => {
        const f = await tokenFixture(alg, { factory, cacheSize: 10 });
        const { token } = await f.signer.sign({ sub: 'u', sid: 's', scope: [] });
        await f.verifier.verify(token);
        const [h, p, sig] = token.split('.');
        const flipped = `${sig!.slice(0, -1)}${sig!.at(-1) === 'A' ? 'B' : 'A'}`;
        for (const other of [
          `${token}=`,
          `${token}==`,
          ` ${token}`,
          `${h}.${p}.${flipped}`,
          `${token}.`,
        ]) {
          const error = await rejectionOf(f.verifier.verify(other));
          expect(error.status, other).toBe(401);
        }
        await expect(f.verifier.verify(token)).resolves.toMatchObject({ sub: 'u' });
      });

      it('accepts an audience list holding the audience', async () => {
        const f = await ready;
        const token = await signed(f, { typ: 'at+jwt' }, { aud: ['other', AUDIENCE] });
        await expect(f.verifier.verify(token)).resolves.toMatchObject({ aud: ['other', AUDIENCE] });
      });
    },
  );
}
