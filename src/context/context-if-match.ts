/** The strong entity tag of a context version: `"<version>"` (RFC 9110 §8.8.3). */
export function contextEtag(version: number): string {
  return `"${version}"`;
}

/** What an If-Match header asks of a context write (RFC 9110 §13.1.1). */
export type ContextIfMatch =
  | { kind: 'absent' }
  /** `*`: any current context; every live session has one (version 0 is `{}`). */
  | { kind: 'any' }
  /** The versions named by strong entity tags; empty when none could ever match. */
  | { kind: 'versions'; versions: number[] };

// entity-tag = [ weak ] DQUOTE *etagc DQUOTE (RFC 9110 §8.8.3).
const ENTITY_TAG = /(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"/g;
const VERSION = /^(?:0|[1-9][0-9]{0,14})$/;

/**
 * Parses If-Match. It uses the strong comparison (RFC 9110 §13.1.1), so weak tags and tags that
 * are not a version never match; a malformed header matches nothing (412), never everything.
 */
export function parseContextIfMatch(header: string | undefined): ContextIfMatch {
  if (header === undefined) return { kind: 'absent' };
  if (header.trim() === '*') return { kind: 'any' };
  const versions: number[] = [];
  for (const [, weak, tag] of header.matchAll(ENTITY_TAG)) {
    if (!weak && VERSION.test(tag!)) versions.push(Number(tag));
  }
  return { kind: 'versions', versions };
}
