import type { Cluster, Redis } from 'ioredis';
import {
  REMEMBERED_REFRESH_HASHES,
  UNWRITTEN_CONTEXT,
  type SessionRecord,
  type StoredContext,
} from '../session-record.js';
import type { RevocationLog } from '../revocation-log.js';
import type {
  RotateOutcome,
  RotateRequest,
  SessionStore,
  SessionWithContext,
} from '../session-store.js';
import type { Store } from '../store.js';
import {
  defineStoreCommands,
  type StoreCommands,
  type StoreScriptSources,
} from './define-store-commands.js';
import { countSessionKeys } from './count-session-keys.js';
import { type RedisKeys, redisKeys } from './keys.js';
import { redisKeySets } from './redis-key-sets.js';
import { redisRateLimiter } from './redis-rate-limiter.js';
import { redisRevocationLog } from './redis-revocations.js';
import { redisUserIndex, type RedisUserIndex } from './redis-user-index.js';
import { sessionJson } from './session-json.js';

export interface RedisStoreOptions {
  /** `store.keyPrefix`: goes before every key's hash tag. */
  keyPrefix: string;
  /** The Lua scripts' sources (see define-store-commands.ts). */
  scripts: StoreScriptSources;
}

interface Ctx {
  redis: Redis | Cluster;
  keys: RedisKeys;
  commands: StoreCommands;
  index: RedisUserIndex;
  revocationLog: RevocationLog;
}

type Reply = [code: string, ...rest: Array<string | number>];

const expiresAt = (record: SessionRecord) =>
  Math.min(record.idleExpiresAt, record.absoluteExpiresAt);

const liveAt = (record: SessionRecord | null, now: number) =>
  record && expiresAt(record) > now ? record : null;

const sessionKeys = (ctx: Ctx, sid: string) => [ctx.keys.session(sid), ctx.keys.context(sid)];

const parse = (raw: string | null) => (raw === null ? null : sessionJson.parse(raw));

// Scripts answer 'upgrade' for a record of an older schema version (or garbage): upgrade it in
// TypeScript, write it back unless it changed meanwhile, and run the script once more.
async function withCurrentRecord(ctx: Ctx, sid: string, run: () => Promise<unknown>) {
  const reply = (await run()) as Reply;
  if (reply[0] !== 'upgrade') return reply;
  const raw = await ctx.redis.get(ctx.keys.session(sid));
  const record = parse(raw);
  if (raw === null || record === null) return ['garbage'] as Reply;
  const upgraded = [raw, sessionJson.stringify(record), expiresAt(record)];
  await ctx.commands.replaceSession([ctx.keys.session(sid)], upgraded);
  const again = (await run()) as Reply;
  return again[0] === 'upgrade' ? (['garbage'] as Reply) : again;
}

async function createSession(ctx: Ctx, record: SessionRecord, context?: StoredContext) {
  const valid = sessionJson.parse(sessionJson.stringify(record));
  if (!valid) throw new TypeError('not a valid session record');
  // Indexed before and again after the write: see redis-user-index.ts.
  await ctx.index.add(valid);
  const contextArgs = context ? [context.version, context.encoding, context.data] : ['', '', ''];
  const args = [sessionJson.stringify(valid), expiresAt(valid), ...contextArgs];
  if ((await ctx.commands.createSession(sessionKeys(ctx, valid.sid), args)) !== 1) {
    throw new Error('session id already in use');
  }
  await ctx.index.add(valid);
}

async function rotateRefresh(ctx: Ctx, request: RotateRequest): Promise<RotateOutcome> {
  const { sid, presentedHash, nextHash, sealedSuccessor, now, graceMs, idleTtlMs } = request;
  const { revocationForgetAt: forgetAt } = request;
  const args = [presentedHash, nextHash, sealedSuccessor, now, graceMs, idleTtlMs];
  const [code, first, second] = await withCurrentRecord(ctx, sid, () =>
    ctx.commands.rotateRefresh(sessionKeys(ctx, sid), [...args, REMEMBERED_REFRESH_HASHES]),
  );
  const record = typeof first === 'string' ? sessionJson.parse(first) : null;
  if (code === 'rotated' && record) return { kind: 'rotated', record };
  if (code === 'replayed' && record && typeof second === 'string') {
    return { kind: 'replayed-in-grace', record, successor: second };
  }
  if (code === 'reuse' && typeof first === 'string') {
    // Detection and deletion are one step in the session's slot, so the publish can only follow.
    // Should it fail, the caller gets an error (503), the session stays deleted, and mirrors keep
    // accepting its access tokens until they expire: the `token`-route bound, never longer.
    await ctx.revocationLog.publishRevocation({ kind: 'session', sid, forgetAt }, now);
    await ctx.index.remove(first, sid);
    return { kind: 'reuse-detected', sub: first };
  }
  return { kind: 'unknown' };
}

// The session is deleted (slot {s:<sid>}) before the revocation is published (slot {rev}): two
// slots cannot change in one step, so one of them may be left undone (a crash, a node lost in
// between), and only this order leaves a bounded gap. Deleted first, the session can never be
// refreshed again, and its `context` routes fail; should the publish not follow, mirrors accept its
// access tokens on `session` routes until they expire (at most accessTtl), and the caller, told of
// the failure, may revoke again, which publishes. Published first, a lost delete would leave a
// session that refresh could bring back once the entry is forgotten (accessTtl + tolerance later).
async function revokeSession(ctx: Ctx, sid: string, now: number, forgetAt: number) {
  const record = parse(
    (await ctx.commands.revokeSession(sessionKeys(ctx, sid), [])) as string | null,
  );
  await ctx.revocationLog.publishRevocation({ kind: 'session', sid, forgetAt }, now);
  // After the record is gone, so a crash in between leaves only a stale index entry.
  if (record) await ctx.index.remove(record.sub, sid);
  return liveAt(record, now);
}

async function getContext(ctx: Ctx, sid: string, now: number): Promise<SessionWithContext | null> {
  const reply = (await ctx.commands.getContext(sessionKeys(ctx, sid), [])) as
    [string, string | null, string | null, string | null] | null;
  if (reply === null) return null;
  const [raw, version, encoding, data] = reply;
  const session = liveAt(parse(raw), now);
  if (!session) return null;
  if (version === null || encoding === null || data === null) {
    return { session, context: { ...UNWRITTEN_CONTEXT } };
  }
  return { session, context: { version: Number(version), encoding, data } };
}

async function compareAndSetContext(
  ctx: Ctx,
  sid: string,
  expectedVersion: number | null,
  context: Omit<StoredContext, 'version'>,
  now: number,
) {
  const args = [expectedVersion ?? '', context.encoding, context.data, now];
  const [code, version] = await withCurrentRecord(ctx, sid, () =>
    ctx.commands.compareAndSetContext(sessionKeys(ctx, sid), args),
  );
  if (code === 'written') return { kind: 'written', version: Number(version) } as const;
  if (code === 'conflict') return { kind: 'conflict', version: Number(version) } as const;
  return { kind: 'no-session' } as const;
}

function redisSessionStore(ctx: Ctx, keyPrefix: string): SessionStore {
  const { redis, keys } = ctx;
  return {
    createSession: (record, context) => createSession(ctx, record, context),
    getSession: async (sid, now) => liveAt(parse(await redis.get(keys.session(sid))), now),
    rotateRefresh: (request) => rotateRefresh(ctx, request),
    revokeSession: (sid, now, forgetAt) => revokeSession(ctx, sid, now, forgetAt),
    listUserSessions: (sub, now) => ctx.index.list(sub, now),
    countSessions: () => countSessionKeys(redis, keys, keyPrefix),
    getContext: (sid, now) => getContext(ctx, sid, now),
    compareAndSetContext: (sid, expected, context, now) =>
      compareAndSetContext(ctx, sid, expected, context, now),
  };
}

/**
 * The Redis backend: each use case one single-slot Lua script or plain command, the record as
 * JSON, `now` always from the caller, and a Redis TTL on every key. Its four contracts share
 * `redis` and keys.ts; it owns `redis`: close() quits it.
 */
export function createRedisStore(redis: Redis | Cluster, options: RedisStoreOptions): Store {
  const keys = redisKeys(options.keyPrefix);
  const commands = defineStoreCommands(redis, options.scripts);
  // Revocations and key changes travel on one channel; each subscription has its own connection.
  const subscription = {
    channel: keys.revocationEvents(),
    connectionName: `${options.keyPrefix}revocations`,
  };
  const revocationLog = redisRevocationLog(redis, keys, commands, subscription);
  const ctx: Ctx = {
    redis,
    keys,
    commands,
    index: redisUserIndex(redis, keys, commands),
    revocationLog,
  };
  return {
    sessions: redisSessionStore(ctx, options.keyPrefix),
    revocationLog,
    keySets: redisKeySets(redis, keys, commands, subscription),
    rateLimiter: redisRateLimiter(commands, keys),
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
