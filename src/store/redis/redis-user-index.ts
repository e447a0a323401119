import type { Cluster, Redis } from 'ioredis';
import type { SessionRecord } from '../session-record.js';
import type { StoreCommands } from './define-store-commands.js';
import type { RedisKeys } from './keys.js';
import { sessionJson } from './session-json.js';

/** The per-user session index: single-slot commands, separate from the session's own scripts. */
export interface RedisUserIndex {
  add(record: SessionRecord): Promise<void>;
  remove(sub: string, sid: string): Promise<void>;
  /** The user's live sessions; index entries whose session is gone are pruned. */
  list(sub: string, now: number): Promise<SessionRecord[]>;
}

const isLive = (record: SessionRecord, now: number) =>
  Math.min(record.idleExpiresAt, record.absoluteExpiresAt) > now;

/**
 * Builds the index. A session joins the index before its record is written and leaves it after
 * the record is deleted, so a crash in between leaves a stale entry (pruned here), never a live
 * session the index misses.
 */
export function redisUserIndex(
  redis: Redis | Cluster,
  keys: RedisKeys,
  commands: StoreCommands,
): RedisUserIndex {
  const add = async (record: SessionRecord) => {
    await commands.indexUserSession(
      [keys.userSessions(record.sub)],
      [record.sid, record.absoluteExpiresAt, record.createdAt],
    );
  };

  const read = async (sid: string) => {
    const raw = await redis.get(keys.session(sid));
    return raw === null ? null : sessionJson.parse(raw);
  };

  // A session being created right now may not be written yet: after pruning, look again and put
  // back whatever appeared (createSession also indexes again after writing), so neither side can
  // drop a live session from the index.
  const prune = async (sub: string, sids: string[]) => {
    if (sids.length === 0) return;
    await redis.zrem(keys.userSessions(sub), ...sids);
    const again = await Promise.all(sids.map(read));
    await Promise.all(
      again.flatMap((record) => (record && record.sub === sub ? [add(record)] : [])),
    );
  };

  return {
    add,
    async remove(sub, sid) {
      await redis.zrem(keys.userSessions(sub), sid);
    },
    async list(sub, now) {
      const sids = await redis.zrangebyscore(keys.userSessions(sub), `(${now}`, '+inf');
      const records = await Promise.all(sids.map(read));
      // Gone, or (after a refused duplicate sid) someone else's.
      await prune(
        sub,
        sids.filter((_, i) => records[i]?.sub !== sub),
      );
      return records
        .filter(
          (record): record is SessionRecord =>
            record !== null && record.sub === sub && isLive(record, now),
        )
        .sort((a, b) => a.createdAt - b.createdAt || a.sid.localeCompare(b.sid));
    },
  };
}
