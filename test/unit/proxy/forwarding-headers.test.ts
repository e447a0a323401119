import { describe, expect, it } from 'vitest';
import vectors from '../../vectors/forwarding-headers.json' with { type: 'json' };
import { forwardingHeaders } from '../../../src/proxy/forwarding-headers.js';

describe('forwarding headers', () => {
  it('the code removes exactly the headers of the vectors file, and keeps the same ones', () => {
    expect(forwardingHeaders).toEqual(
      Object.fromEntries(vectors.map((vector) => [vector.name, vector.trusted])),
    );
  });

  it('every vector names its source', () => {
    for (const vector of vectors) expect(vector.source, vector.name).toMatch(/\S/);
  });
});
