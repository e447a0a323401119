import { describe, expect, it } from 'vitest';
import { sessionJson } from '../../../src/store/redis/session-json.js';
import type { SessionRecord } from '../../../src/store/session-record.js';

const record: SessionRecord = {
  v: 1,
  sid: 'sid-1',
  sub: 'alice',
  scope: [],
  claims: { ids: [], big: 1234567890123456, nested: { empty: {} } },
  createdAt: 1_700_000_000_123,
  lastSeenAt: 1_700_000_000_123,
  idleExpiresAt: 1_700_001_800_123,
  absoluteExpiresAt: 1_700_604_800_123,
  refresh: { hash: 'a'.repeat(64), previous: [], rotatedAt: 0, successor: null },
};

describe('sessionJson', () => {
  it('round-trips a record, including what cjson would mangle', () => {
    expect(sessionJson.parse(sessionJson.stringify(record))).toEqual(record);
  });

  it('stores scope and claims as strings, out of cjson’s reach', () => {
    const stored = JSON.parse(
      sessionJson.stringify({ ...record, scope: ['read', 'write'] }),
    ) as Record<string, unknown>;
    expect(stored.scope).toBe('read write');
    expect(typeof stored.claims).toBe('string');
  });

  it('reads an empty list that cjson wrote as {}', () => {
    const stored = JSON.parse(sessionJson.stringify(record)) as {
      refresh: Record<string, unknown>;
    };
    stored.refresh.previous = {};
    expect(sessionJson.parse(JSON.stringify(stored))?.refresh.previous).toEqual([]);
  });

  it('upgrades a v0 record and returns null for garbage', () => {
    const v0 = {
      sid: 's',
      sub: 'u',
      scope: 'a',
      created: 1,
      lastSeen: 1,
      expiresAt: 2,
      absoluteExpiresAt: 3,
      refreshHash: 'h',
    };
    expect(sessionJson.parse(JSON.stringify(v0))?.v).toBe(1);
    expect(sessionJson.parse('not json')).toBeNull();
    expect(sessionJson.parse(JSON.stringify({ ...record, claims: '{' }))).toBeNull();
    expect(sessionJson.parse(JSON.stringify({ ...record, scope: ['read'] }))).toBeNull();
  });
});
