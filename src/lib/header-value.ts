const UTF8 = new TextEncoder();
const HEX = '0123456789ABCDEF';
// Sent as they are: visible ASCII (RFC 9110 §5.5 field-vchar below 0x80) other than "%".
const PLAIN = /^[\x21-\x24\x26-\x7e]*$/;

/**
 * An identity value (`sub`, a scope) as an `X-Auth-*` header value: bytes 0x21–0x7E other than
 * `%` pass unchanged; every other byte of the value's UTF-8 (space, `%`, controls, DEL, and each
 * byte of a non-ASCII character) becomes `%XX`, upper-case hex (RFC 3986 §2.1), so
 * `decodeURIComponent` gives the value back. A lone UTF-16 surrogate is encoded as U+FFFD.
 * Never throws: whatever an identity source returns is a valid header value (`ë` → `%C3%AB`).
 */
export function encodeHeaderValue(value: string): string {
  if (PLAIN.test(value)) return value;
  let out = '';
  for (const byte of UTF8.encode(value)) {
    out +=
      byte > 0x20 && byte < 0x7f && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}
