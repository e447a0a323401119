-- wrk -s tokens.lua <url> -- <tokens file> [first index]
-- Sends every request with the next token of the file (one per line) as
-- `Authorization: Bearer <token>`, cycling through them in order from the given index (0-based;
-- run.ts passes where the previous run of the same target stopped, so a verified-token cache
-- smaller than the file never sees a token it still holds). The other -H headers stay as given.
-- wrk calls request() once before the load (to check what it returns): that takes one token too.
local tokens = {}
local i = 0

function init(args)
  local file = args[1]
  if not file then error("tokens.lua: no tokens file (wrk -s tokens.lua <url> -- <file>)") end
  for line in io.lines(file) do
    if line ~= "" then tokens[#tokens + 1] = "Bearer " .. line end
  end
  if #tokens == 0 then error("tokens.lua: no tokens in " .. file) end
  i = (tonumber(args[2]) or 0) % #tokens
  -- This script owns Authorization: a static -H one (any case) would be sent twice.
  for name in pairs(wrk.headers) do
    if string.lower(name) == "authorization" then wrk.headers[name] = nil end
  end
end

function request()
  i = i + 1
  if i > #tokens then i = 1 end
  wrk.headers["Authorization"] = tokens[i]
  return wrk.format()
end
