-- Lookup mode: is this access token revoked by its session, its jti or its user's not-before?
-- KEYS[1]  revoked sids   KEYS[2] revoked jtis   KEYS[3] revoked subs (sorted sets by forgetAt)
-- KEYS[4]  user not-before (hash sub -> epoch ms); all four share one hash tag
-- ARGV[1]  now (epoch ms)   ARGV[2] sid   ARGV[3] jti   ARGV[4] sub
-- ARGV[5]  the token's issued-at (epoch ms)
-- returns  1 revoked | 0 not revoked
local now = tonumber(ARGV[1])
local function remembered(forget)
  return forget ~= false and tonumber(forget) > now
end
if remembered(redis.call('ZSCORE', KEYS[1], ARGV[2])) then return 1 end
if remembered(redis.call('ZSCORE', KEYS[2], ARGV[3])) then return 1 end
if remembered(redis.call('ZSCORE', KEYS[3], ARGV[4])) then
  local before = redis.call('HGET', KEYS[4], ARGV[4])
  if before and tonumber(ARGV[5]) < tonumber(before) then return 1 end
end
return 0
