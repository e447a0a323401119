-- Reads a session record and its context in one command (one slot, one round trip), so the
-- context always belongs to the record beside it.
-- KEYS[1]  session key (string, record JSON)   KEYS[2] context key (hash: version, encoding, data)
-- returns  nil when there is no record | {record JSON, version, encoding, data}, the last three
--          nil when the context was never written
local record = redis.call('GET', KEYS[1])
if not record then return false end
local context = redis.call('HMGET', KEYS[2], 'version', 'encoding', 'data')
return {record, context[1], context[2], context[3]}
