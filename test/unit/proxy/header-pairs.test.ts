import { describe, expect, it } from 'vitest';
import { filterResponseHeaders } from '../../../src/proxy/header-pairs.js';

describe('filterResponseHeaders', () => {
  it('drops hop-by-hop headers and those named in Connection (RFC 9110 §7.6.1)', () => {
    // prettier-ignore
    const out = filterResponseHeaders(
      [
        'Connection', 'X-Hop, close',
        'Keep-Alive', 'timeout=5',
        'Transfer-Encoding', 'chunked',
        'Upgrade', 'h2c',
        'Trailer', 'X-Sum',
        'X-Hop', 'secret',
        'Content-Type', 'text/plain',
      ],
      {},
    );
    expect(out).toEqual(['Content-Type', 'text/plain']);
  });

  it('keeps every Set-Cookie and Content-Length', () => {
    const out = filterResponseHeaders(
      ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', '3'],
      {},
    );
    expect(out).toEqual(['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', '3']);
  });

  it('appends the gateway’s own headers, replacing upstream values', () => {
    const out = filterResponseHeaders(['X-Request-Id', 'upstream', 'ETag', '"1"'], {
      'x-request-id': 'gw-1',
    });
    expect(out).toEqual(['ETag', '"1"', 'x-request-id', 'gw-1']);
  });
});
