import { constantTimeEqual } from '../../lib/crypto.js';
import { REMEMBERED_REFRESH_HASHES, type SessionRecord } from '../session-record.js';
import type { RotateRequest } from '../session-store.js';

/** What the memory store must do after deciding a rotation (the outcome sans copies). */
export type MemoryRotation =
  | { kind: 'rotated' }
  | { kind: 'replayed-in-grace'; successor: string }
  | { kind: 'reuse-detected' }
  | { kind: 'unknown' };

/**
 * Decides a refresh attempt against a live record (RFC 9700 §4.14.2) and, when it rotates, updates
 * the record in place. The same rules as scripts/rotate-refresh.lua.
 */
export function rotateInMemory(record: SessionRecord, request: RotateRequest): MemoryRotation {
  const { refresh } = record;
  if (constantTimeEqual(refresh.hash, request.presentedHash)) {
    record.refresh = {
      hash: request.nextHash,
      previous: [refresh.hash, ...refresh.previous].slice(0, REMEMBERED_REFRESH_HASHES),
      rotatedAt: request.now,
      successor: request.sealedSuccessor,
    };
    record.lastSeenAt = request.now;
    record.idleExpiresAt = Math.min(request.now + request.idleTtlMs, record.absoluteExpiresAt);
    return { kind: 'rotated' };
  }
  const matched = refresh.previous.findIndex((old) =>
    constantTimeEqual(old, request.presentedHash),
  );
  if (
    matched === 0 &&
    refresh.successor !== null &&
    request.now - refresh.rotatedAt <= request.graceMs
  ) {
    return { kind: 'replayed-in-grace', successor: refresh.successor };
  }
  return matched >= 0 ? { kind: 'reuse-detected' } : { kind: 'unknown' };
}
