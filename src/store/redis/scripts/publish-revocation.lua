-- Records one revocation and publishes it in the same step, so a subscriber told of it can already
-- list it. Prunes the kind's entries past their forgetAt first; its keys expire with the last one.
-- Each publish takes the next sequence number, and its message carries it: a subscriber that has
-- seen every number up to the counter's has missed nothing.
-- KEYS[1]  the kind's sorted set (revoked sids, jtis or subs; id scored by forgetAt)
-- KEYS[2]  user not-before (hash sub -> epoch ms)   KEYS[3] the sequence counter; same hash tag
-- ARGV[1]  now (epoch ms)   ARGV[2] id   ARGV[3] forgetAt (epoch ms)
-- ARGV[4]  not-before (epoch ms) of a user revocation, '' for the other kinds
-- ARGV[5]  channel (not a key: pub/sub channels have no slot)
-- ARGV[6]  message (a JSON object; `"seq":n` is added before its closing brace)
-- returns  1 recorded and published | 0 already forgettable at `now`: nothing done
local user = ARGV[4] ~= ''
if user then
  for _, sub in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
    redis.call('HDEL', KEYS[2], sub)
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if tonumber(ARGV[3]) <= tonumber(ARGV[1]) then return 0 end

-- A repeated revocation keeps the later forgetAt and the later not-before.
local old = redis.call('ZSCORE', KEYS[1], ARGV[2])
if not old or tonumber(old) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
if user then
  local before = redis.call('HGET', KEYS[2], ARGV[2])
  if not before or tonumber(before) < tonumber(ARGV[4]) then
    redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
  end
  redis.call('PEXPIREAT', KEYS[2], last[2])
end
-- The counter lives as long as the longest-lived revocation; gone, it starts again from 1.
local seq = redis.call('INCR', KEYS[3])
local ttl = redis.call('PTTL', KEYS[3])
if ttl < 0 or tonumber(ARGV[1]) + ttl < tonumber(ARGV[3]) then
  redis.call('PEXPIREAT', KEYS[3], ARGV[3])
end
redis.call('PUBLISH', ARGV[5], string.sub(ARGV[6], 1, -2) .. ',"seq":' .. seq .. '}')
return 1
