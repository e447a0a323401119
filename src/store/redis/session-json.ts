import { type SessionRecord, upgradeSessionRecord } from '../session-record.js';

/**
 * The session record as stored in Redis (v1): the record itself, except that `scope` is one
 * space-separated string and `claims` a JSON string. The Lua scripts decode and re-encode records
 * with cjson, which turns `[]` into `{}` and rounds numbers to 14 digits; keeping the caller's
 * values in strings lets them through byte for byte.
 */
export const sessionJson = {
  /** Encodes a current record for Redis. */
  stringify(record: SessionRecord): string {
    return JSON.stringify({
      ...record,
      scope: record.scope.join(' '),
      claims: JSON.stringify(record.claims),
    });
  },

  /** Decodes what Redis holds, of any record version, into a current record; null for garbage. */
  parse(text: string): SessionRecord | null {
    const raw = parseJson(text);
    if (!isObject(raw) || raw.v === undefined) return upgradeSessionRecord(raw);
    const { scope, claims, refresh } = raw;
    if (typeof scope !== 'string' || typeof claims !== 'string' || !isObject(refresh)) return null;
    // cjson writes an empty Lua table as {}; the scripts never should, but read it as [] anyway.
    const emptyTable = isObject(refresh.previous) && Object.keys(refresh.previous).length === 0;
    const previous = emptyTable ? [] : refresh.previous;
    return upgradeSessionRecord({
      ...raw,
      scope: scope.split(' ').filter((token) => token !== ''),
      claims: parseJson(claims),
      refresh: { ...refresh, previous },
    });
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
