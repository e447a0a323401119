-- Writes back a record upgraded to the current schema version, unless it changed meanwhile.
-- KEYS[1]  session key (string, record JSON)
-- ARGV[1]  the record JSON as read   ARGV[2] the upgraded JSON
-- ARGV[3]  expiry, epoch ms: min(idleExpiresAt, absoluteExpiresAt)
-- returns  1 replaced | 0 the record changed or vanished (nothing written)
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
