-- Every revocation still remembered: a mirror's full resync, read in one step.
-- KEYS[1]  revoked sids   KEYS[2] revoked jtis   KEYS[3] revoked subs (sorted sets by forgetAt)
-- KEYS[4]  user not-before (hash sub -> epoch ms); all four share one hash tag
-- ARGV[1]  now (epoch ms)
-- returns  {sids, jtis, subs} as flat {id, forgetAt, ...} of entries with forgetAt > now,
--          then the not-before hash as flat {sub, notBefore, ...}
local after = '(' .. ARGV[1]
return {
  redis.call('ZRANGEBYSCORE', KEYS[1], after, '+inf', 'WITHSCORES'),
  redis.call('ZRANGEBYSCORE', KEYS[2], after, '+inf', 'WITHSCORES'),
  redis.call('ZRANGEBYSCORE', KEYS[3], after, '+inf', 'WITHSCORES'),
  redis.call('HGETALL', KEYS[4]),
}
