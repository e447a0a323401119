-- Ends a session at once: deletes its record and its context.
-- KEYS[1]  session key (string, record JSON)
-- KEYS[2]  context key, same hash tag
-- returns  the record JSON it deleted | false when there was none
local raw = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
return raw
