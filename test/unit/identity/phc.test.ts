import { describe, expect, it } from 'vitest';
import { formatPhc, parsePhc } from '../../../src/identity/phc.js';

describe('parsePhc / formatPhc', () => {
  it('parses id, version, params, salt and hash, and formats them back unchanged', () => {
    const text =
      '$argon2id$v=19$m=19456,t=2,p=1$0EpMeUlyYrCyVXGxsNv2oQ$q2tKOzrncKRU5EMgaDexiCLLKc8PEepPSLk4hFrPboQ';
    const phc = parsePhc(text);
    expect(phc).toMatchObject({
      id: 'argon2id',
      version: 19,
      params: { m: '19456', t: '2', p: '1' },
    });
    expect(phc?.salt).toHaveLength(16);
    expect(phc?.hash).toHaveLength(32);
    expect(formatPhc(phc!)).toBe(text);
  });

  it('encodes salt and hash as unpadded standard base64', () => {
    const text = formatPhc({
      id: 'scrypt',
      params: { ln: '15' },
      salt: Uint8Array.of(0xfb, 0xff),
      hash: Uint8Array.of(1),
    });
    expect(text).toBe('$scrypt$ln=15$+/8$AQ');
    expect(parsePhc(text)?.salt).toEqual(Uint8Array.of(0xfb, 0xff));
  });

  it.each([
    ['no leading $', 'scrypt$ln=15'],
    ['upper-case id', '$SCRYPT$ln=15'],
    ['repeated parameter', '$scrypt$ln=15,ln=16$AAAA$AAAA'],
    ['base64url alphabet', '$scrypt$ln=15$AA-_$AAAA'],
    ['padding', '$scrypt$ln=15$AA==$AAAA'],
    ['impossible length', '$scrypt$ln=15$AAAAA$AAAA'],
    ['empty salt', '$scrypt$ln=15$$AAAA'],
    ['too many fields', '$scrypt$ln=15$AAAA$AAAA$AAAA'],
    ['too long', `$scrypt$ln=15$${'A'.repeat(600)}`],
  ])('rejects %s', (_name, text) => {
    expect(parsePhc(text)).toBeUndefined();
  });
});
