-- Writes a session's context if its version is still the expected one; the context shares the
-- session's expiry.
-- KEYS[1]  session key (string, record JSON)
-- KEYS[2]  context key (hash version/encoding/data), same hash tag
-- ARGV[1]  expected version, or '' to write whatever the version is
-- ARGV[2]  encoding   ARGV[3] data   ARGV[4] now (epoch ms)
-- returns  {'written', newVersion} | {'conflict', currentVersion} | {'no-session'}
--        | {'upgrade'}   not a current-version record: upgrade, then retry
local raw = redis.call('GET', KEYS[1])
if not raw then return {'no-session'} end
local ok, rec = pcall(cjson.decode, raw)
if not ok or type(rec) ~= 'table' or rec.v ~= 1 then return {'upgrade'} end
local expires = math.min(rec.idleExpiresAt, rec.absoluteExpiresAt)
if expires <= tonumber(ARGV[4]) then return {'no-session'} end

local version = tonumber(redis.call('HGET', KEYS[2], 'version') or '0')
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= version then return {'conflict', version} end
redis.call('HSET', KEYS[2], 'version', version + 1, 'encoding', ARGV[2], 'data', ARGV[3])
redis.call('PEXPIREAT', KEYS[2], expires)
return {'written', version + 1}
