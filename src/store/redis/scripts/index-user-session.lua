-- Adds a sid to its user's session index, drops entries past their absolute expiry, and keeps
-- the index alive exactly as long as its longest-lived session can be.
-- KEYS[1]  user index (sorted set: sid scored by absoluteExpiresAt)
-- ARGV[1]  sid   ARGV[2] absoluteExpiresAt (epoch ms)   ARGV[3] now (epoch ms)
-- returns  the number of sids left in the index
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[1], last[2]) end
return redis.call('ZCARD', KEYS[1])
