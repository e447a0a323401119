-- Replaces the shared signing key set if its version is still the expected one, and tells every
-- instance in the same step.
-- KEYS[1]  key set (hash version/json)
-- ARGV[1]  expected version (0: none stored yet)   ARGV[2] new version   ARGV[3] new JSON
-- ARGV[4]  channel (not a key)   ARGV[5] message (JSON)
-- returns  1 written and published | 0 another writer got there first: nothing done
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'json', ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
return 1
