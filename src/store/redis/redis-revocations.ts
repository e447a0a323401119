import type { Cluster, Redis } from 'ioredis';
import { type RevocationLog, type Revocation, validRevocation } from '../revocation-log.js';
import type { StoreCommands } from './define-store-commands.js';
import type { RedisKeys } from './keys.js';
import { revocationMessage } from './revocation-message.js';
import { subscribeChannel, type SubscriptionTarget } from './redis-subscription.js';

type Flat = string[];

/** The id of a revocation, and which sorted set holds that kind. */
function placeOf(revocation: Revocation, keys: RedisKeys): { key: string; id: string } {
  if (revocation.kind === 'session') return { key: keys.revokedSessions(), id: revocation.sid };
  if (revocation.kind === 'token') return { key: keys.revokedTokens(), id: revocation.jti };
  return { key: keys.revokedUsers(), id: revocation.sub };
}

/** Rebuilds revocations from list-revocations.lua's reply: flat id/forgetAt lists and not-befores. */
function fromListReply([sids, jtis, subs, notBefore]: [Flat, Flat, Flat, Flat]): Revocation[] {
  const before = new Map<string, number>();
  for (let i = 0; i < notBefore.length; i += 2) before.set(notBefore[i]!, Number(notBefore[i + 1]));
  const candidates: unknown[] = [];
  for (let i = 0; i < sids.length; i += 2) {
    candidates.push({ kind: 'session', sid: sids[i], forgetAt: Number(sids[i + 1]) });
  }
  for (let i = 0; i < jtis.length; i += 2) {
    candidates.push({ kind: 'token', jti: jtis[i], forgetAt: Number(jtis[i + 1]) });
  }
  for (let i = 0; i < subs.length; i += 2) {
    const sub = subs[i]!;
    candidates.push({
      kind: 'user',
      sub,
      notBefore: before.get(sub),
      forgetAt: Number(subs[i + 1]),
    });
  }
  // A user whose not-before is missing (or anything garbled) is skipped, never half-applied.
  return candidates.flatMap((candidate) => validRevocation(candidate) ?? []);
}

/**
 * The Redis backend's RevocationLog over one client: every call is one single-slot script or
 * command ({rev} slot), and subscriptions listen on the revocation channel.
 */
export function redisRevocationLog(
  redis: Redis | Cluster,
  keys: RedisKeys,
  commands: StoreCommands,
  subscription: SubscriptionTarget,
): RevocationLog {
  const allKeys = [
    keys.revokedSessions(),
    keys.revokedTokens(),
    keys.revokedUsers(),
    keys.userNotBefore(),
  ];
  const channel = keys.revocationEvents();
  return {
    async publishRevocation(revocation, now) {
      const valid = validRevocation(revocation);
      if (!valid) throw new TypeError('not a valid revocation');
      const { key, id } = placeOf(valid, keys);
      const notBefore = valid.kind === 'user' ? valid.notBefore : '';
      const message = revocationMessage.encode({
        kind: 'revocation',
        revocation: valid,
        publishedAt: now,
      });
      await commands.publishRevocation(
        [key, keys.userNotBefore(), keys.revocationSeq()],
        [now, id, valid.forgetAt, notBefore, channel, message],
      );
    },
    async listRevocations(now) {
      const reply = await commands.listRevocations(allKeys, [now]);
      return fromListReply(reply as [Flat, Flat, Flat, Flat]);
    },
    async revocationSeq() {
      return Number((await redis.get(keys.revocationSeq())) ?? 0);
    },
    async isRevoked(query, now) {
      const { sid, jti, sub, issuedAt } = query;
      return (await commands.isRevoked(allKeys, [now, sid, jti, sub, issuedAt])) === 1;
    },
    subscribe: (listener) =>
      subscribeChannel(redis, subscription, {
        message: (text) => {
          const message = revocationMessage.decode(text);
          // Not ours, or from a newer version: the periodic resync still brings the set up to date.
          if (message?.kind === 'revocation') {
            listener.revocation(message.revocation, message.publishedAt, message.seq);
          }
        },
        connected: () => listener.connected(),
        disconnected: () => listener.disconnected(),
      }),
  };
}
