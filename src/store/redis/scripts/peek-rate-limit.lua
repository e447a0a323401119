-- Tells whether one more attempt would pass a sliding-window log, without logging one.
-- KEYS[1]  rate-limit key (sorted set: attempt id scored by its time)
-- ARGV[1]  now (epoch ms)   ARGV[2] window ms   ARGV[3] limit
-- returns  0 would pass | milliseconds until the oldest logged attempt leaves the window
-- Only prunes: it never creates the key, so the TTL hit-rate-limit.lua set still holds.
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
