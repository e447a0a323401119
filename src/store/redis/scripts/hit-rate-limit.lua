-- Counts one attempt in a sliding-window log; refused attempts are not logged.
-- KEYS[1]  rate-limit key (sorted set: attempt id scored by its time)
-- ARGV[1]  now (epoch ms)   ARGV[2] window ms   ARGV[3] limit
-- ARGV[4]  a unique id for this attempt
-- returns  0 allowed | milliseconds until the oldest logged attempt leaves the window
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
