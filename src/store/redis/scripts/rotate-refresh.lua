-- Rotates a session's refresh token atomically (RFC 9700 section 4.14.2); same rules as the
-- memory store's rotate-in-memory.ts.
-- KEYS[1]  session key (string, record JSON)
-- KEYS[2]  context key, same hash tag (its expiry follows the session's)
-- ARGV[1]  presented hash   ARGV[2] next hash   ARGV[3] sealed successor
-- ARGV[4]  now (epoch ms)   ARGV[5] grace ms    ARGV[6] idle TTL ms
-- ARGV[7]  how many rotated-out hashes to remember
-- returns  {'rotated', recordJson}
--        | {'replayed', recordJson, successor}   presented previous[1] within the grace window
--        | {'reuse', sub}                        a remembered hash came back: session deleted
--        | {'unknown'}                           no live session or unknown hash: nothing changed
--        | {'upgrade'}                           not a current-version record: upgrade, then retry

-- Compares two strings over their whole length, with no early exit.
local function same(a, b)
  if type(a) ~= 'string' or #a ~= #b then return false end
  local diff = 0
  for i = 1, #a do
    diff = bit.bor(diff, bit.bxor(string.byte(a, i), string.byte(b, i)))
  end
  return diff == 0
end

local raw = redis.call('GET', KEYS[1])
if not raw then return {'unknown'} end
local ok, rec = pcall(cjson.decode, raw)
if not ok or type(rec) ~= 'table' or rec.v ~= 1 or type(rec.refresh) ~= 'table' then
  return {'upgrade'}
end

local presented = ARGV[1]
local now = tonumber(ARGV[4])
if math.min(rec.idleExpiresAt, rec.absoluteExpiresAt) <= now then return {'unknown'} end
local refresh = rec.refresh

if same(refresh.hash, presented) then
  local previous = {refresh.hash}
  for i = 1, math.min(#refresh.previous, tonumber(ARGV[7]) - 1) do
    previous[i + 1] = refresh.previous[i]
  end
  rec.refresh = {hash = ARGV[2], previous = previous, rotatedAt = now, successor = ARGV[3]}
  rec.lastSeenAt = now
  rec.idleExpiresAt = math.min(now + tonumber(ARGV[6]), rec.absoluteExpiresAt)
  local json = cjson.encode(rec)
  redis.call('SET', KEYS[1], json)
  redis.call('PEXPIREAT', KEYS[1], rec.idleExpiresAt)
  redis.call('PEXPIREAT', KEYS[2], rec.idleExpiresAt)
  return {'rotated', json}
end

local matched = 0
for i = 1, #refresh.previous do
  if matched == 0 and same(refresh.previous[i], presented) then matched = i end
end
if matched == 1 and type(refresh.successor) == 'string'
    and now - refresh.rotatedAt <= tonumber(ARGV[5]) then
  return {'replayed', raw, refresh.successor}
end
if matched > 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {'reuse', rec.sub}
end
return {'unknown'}
