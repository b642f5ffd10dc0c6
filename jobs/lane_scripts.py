"""The Lua scripts behind `jobs.arq_lanes`: each step on the owners' lanes is one script, atomic
in Redis, and follows `jobs.fair_lanes.FairLanes` line for line (ranks, weights, the cap)."""

# KEYS: jobs hash, the owner's lane, turns zset, served hash, newcomer counter, arq's job and
# result keys, weights hash, held hash, arq's queue. ARGV: job ID, serialized job, owner,
# NEWCOMER, weight.
PUSH = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[6], KEYS[7]) > 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[8], ARGV[3], ARGV[5])
if not redis.call('ZSCORE', KEYS[3], ARGV[3]) then
  local rank = redis.call('HGET', KEYS[4], ARGV[3])
  if rank then -- served before: a newcomer again unless a job of theirs is still in arq's queue
    local holds = false
    local entries = redis.call('HGETALL', KEYS[9])
    for i = 1, #entries, 2 do
      if entries[i + 1] == ARGV[3] and redis.call('ZSCORE', KEYS[10], entries[i]) then
        holds = true
        break
      end
    end
    if not holds then rank = nil end
  end
  if not rank then
    rank = tonumber(ARGV[4]) + redis.call('INCR', KEYS[5])
  end
  redis.call('ZADD', KEYS[3], rank, ARGV[3])
end
return 1
"""

# KEYS: arq's queue, jobs hash, turns zset, served hash, admissions counter, weights hash,
# streaks hash, held hash (job ID -> owner, for every job admitted from the lanes).
# ARGV: free slots, now (ms), job key lifetime (ms), lane key prefix, arq's job, result and
# in-progress prefixes, cap per unit of weight (0: none), the ID of a job that is ending
# ('' if none: it no longer counts against its owner), NEWCOMER, FIRST_TURN.
#
# An owner holds a job while the job is in arq's queue (queued, running, or waiting for a
# retry): arq takes it out when it ends, however it ends, so the count is read from arq's own
# state and cannot leak when a worker dies (its job stays held until it runs again and ends).
ADMIT = """
local want = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  if redis.call('EXISTS', ARGV[7] .. id) == 0 then
    want = want - 1
    if want <= 0 then return 0 end
  end
end
local cap = tonumber(ARGV[8])
local held = {}
local entries = redis.call('HGETALL', KEYS[8])
for i = 1, #entries, 2 do
  if not redis.call('ZSCORE', KEYS[1], entries[i]) then
    redis.call('HDEL', KEYS[8], entries[i])
  elseif entries[i] ~= ARGV[9] then
    held[entries[i + 1]] = (held[entries[i + 1]] or 0) + 1
  end
end
local function weight(owner)
  return tonumber(redis.call('HGET', KEYS[6], owner) or '1')
end
-- The lowest rank below its cap; the lowest of all when none is. Each owner at its cap holds
-- a job, so the scan stops within (jobs held + 1) owners.
local function next_owner()
  local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
  if not head or cap <= 0 then return head end
  local start = 0
  while true do
    local page = redis.call('ZRANGE', KEYS[3], start, start + 15)
    if #page == 0 then return head end
    for _, owner in ipairs(page) do
      if (held[owner] or 0) < cap * weight(owner) then return owner end
    end
    start = start + 16
  end
end
local admitted = 0
while admitted < want do
  local owner = next_owner()
  if not owner then break end
  local lane = ARGV[4] .. owner
  local job_id = redis.call('LPOP', lane)
  local seq = redis.call('INCR', KEYS[5])
  redis.call('HSET', KEYS[4], owner, seq)
  if redis.call('LLEN', lane) == 0 then
    redis.call('ZREM', KEYS[3], owner)
    redis.call('HDEL', KEYS[6], owner)
    redis.call('HDEL', KEYS[7], owner)
  else
    local streak = redis.call('HINCRBY', KEYS[7], owner, 1)
    if streak >= weight(owner) then
      redis.call('HDEL', KEYS[7], owner)
      redis.call('ZADD', KEYS[3], seq, owner)
    else
      local rank = tonumber(redis.call('ZSCORE', KEYS[3], owner))
      if rank < tonumber(ARGV[11]) then
        redis.call('ZADD', KEYS[3], rank + tonumber(ARGV[11]) - tonumber(ARGV[10]), owner)
      end
    end
  end
  local payload = job_id and redis.call('HGET', KEYS[2], job_id)
  if payload then
    redis.call('HDEL', KEYS[2], job_id)
    if redis.call('EXISTS', ARGV[5] .. job_id, ARGV[6] .. job_id) == 0 then
      redis.call('PSETEX', ARGV[5] .. job_id, ARGV[3], payload)
      redis.call('ZADD', KEYS[1], now - want + admitted, job_id)
      redis.call('HSET', KEYS[8], job_id, owner)
      held[owner] = (held[owner] or 0) + 1
      admitted = admitted + 1
    end
  end
end
return admitted
"""

# KEYS: jobs hash, arq's job, result keys and queue. ARGV: job ID, serialized job, score (ms),
# job key lifetime (ms).
DEFER = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[2], KEYS[3]) > 0 then
  return 0
end
redis.call('PSETEX', KEYS[2], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
return 1
"""
