-- Stores a new session and, when given, its initial context; both expire with the session.
-- KEYS[1]  session key (string, record JSON)
-- KEYS[2]  context key (hash version/encoding/data), same hash tag
-- ARGV[1]  record JSON (session-json.ts layout)
-- ARGV[2]  expiry, epoch ms: min(idleExpiresAt, absoluteExpiresAt)
-- ARGV[3]  context version, or '' for no initial context
-- ARGV[4]  context encoding
-- ARGV[5]  context data
-- returns  1 stored | 0 the sid is already in use (nothing written)
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  return 0
end
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'version', ARGV[3], 'encoding', ARGV[4], 'data', ARGV[5])
  redis.call('PEXPIREAT', KEYS[2], ARGV[2])
end
return 1
