import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/engine/engine-clock.js';
import type {
  FollowUp,
  FollowUpLease,
  FollowUpPatch,
  FollowUpState,
  FollowUpStore,
  NewFollowUp,
} from '../core/follow-ups/follow-up-store.js';
import type { RedisConnection } from './redis-connection.js';
import { decodeValue, encodeFields, pairsToMap, prefixedObject } from './redis-value-codec.js';

export interface RedisFollowUpStoreOptions {
  readonly clock?: Pick<Clock, 'now'>;
  readonly newId?: () => string;
  /** Ended follow-ups kept for listRecent (default 200), like the in-memory store. */
  readonly keepEnded?: number;
  /** Kept this long past the deadline (default one day): every key has a TTL. */
  readonly retainMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MESSAGE = 'msg:';
// Raw fields Lua compares (owner, lease in ms, state); every other field is JSON.
const RAW = new Set(['state', 'owner', 'leaseUntil']);

// KEYS: hash, active index, all index. ARGV: id, ttl ms, score, owner|'', lease ms|'', pairs…
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('follow-up id already in use') end
redis.call('HSET', KEYS[1], 'state', 'following')
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'owner', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'leaseUntil', ARGV[5]) end
for i = 6, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
for i = 2, 3 do
  if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
end
return redis.call('HGETALL', KEYS[1])
`;

// Compare-and-set on state; an end leaves the active index and joins the bounded list of ended ones.
// KEYS: hash, active, ended list, all. ARGV: from, to, id, keepEnded, key prefix of hashes, ttl ms, pairs…
const TRANSITION = `
local function active(s) return s == 'following' or s == 'stalled' end
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return false end
if not active(ARGV[1]) or ARGV[1] == ARGV[2] then return false end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
for i = 7, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if not active(ARGV[2]) then
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('RPUSH', KEYS[3], ARGV[3])
  if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
  while redis.call('LLEN', KEYS[3]) > tonumber(ARGV[4]) do
    local oldest = redis.call('LPOP', KEYS[3])
    redis.call('DEL', ARGV[5] .. oldest)
    redis.call('ZREM', KEYS[4], oldest)
  end
end
return redis.call('HGETALL', KEYS[1])
`;

// KEYS: hash. ARGV: ttl ms|'' (a new deadline), pairs…
const UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if ARGV[1] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return redis.call('HGETALL', KEYS[1])
`;

// Compare-and-set on the owner (and, for a take-over, on the lease having ended).
// KEYS: hash. ARGV: from|'', to|'', lease until ms|'', expired by ms|''.
const CLAIM = `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'following' and state ~= 'stalled' then return false end
if (redis.call('HGET', KEYS[1], 'owner') or '') ~= ARGV[1] then return false end
if ARGV[4] ~= '' then
  local lease = redis.call('HGET', KEYS[1], 'leaseUntil')
  if lease and tonumber(lease) > tonumber(ARGV[4]) then return false end
end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], 'owner', 'leaseUntil')
else
  redis.call('HSET', KEYS[1], 'owner', ARGV[2])
  if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'leaseUntil', ARGV[3])
  else redis.call('HDEL', KEYS[1], 'leaseUntil') end
end
return redis.call('HGETALL', KEYS[1])
`;

/**
 * Follow-ups in Redis: they outlive a replica (durable), and the owner field with its lease lets
 * exactly one replica poll each, another taking over when the owner stops renewing. One hash per
 * follow-up, an index of active ones and of all by start time, a bounded list of ended ones; every
 * change one Lua script; every key a TTL (deadline plus retainMs).
 */
export class RedisFollowUpStore implements FollowUpStore {
  readonly durable = true;
  readonly #redis: RedisConnection;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #newId: () => string;
  readonly #keepEnded: number;
  readonly #retainMs: number;

  constructor(redis: RedisConnection, options: RedisFollowUpStoreOptions = {}) {
    this.#redis = redis;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#newId = options.newId ?? randomUUID;
    this.#keepEnded = options.keepEnded ?? 200;
    this.#retainMs = options.retainMs ?? DAY_MS;
  }

  async create(followUp: NewFollowUp): Promise<FollowUp> {
    const id = this.#newId();
    const { message, owner, leaseUntil, ...rest } = followUp;
    const reply = await this.#redis.run('recording a follow-up', () =>
      this.#redis.client.eval(
        CREATE,
        3,
        this.#key(id),
        this.#redis.key('followups', 'active'),
        this.#redis.key('followups', 'all'),
        id,
        this.#ttl(followUp.deadline),
        String(followUp.startedAt.getTime()),
        owner ?? '',
        leaseUntil === undefined ? '' : String(leaseUntil.getTime()),
        ...encodeFields({ ...rest, id, updatedAt: followUp.startedAt }),
        ...encodeFields(message ?? {}, MESSAGE),
      ),
    );
    return decodeFollowUp(reply as string[]);
  }

  async get(id: string): Promise<FollowUp | undefined> {
    const reply = await this.#redis.run('reading a follow-up', () =>
      this.#redis.client.hgetall(this.#key(id)),
    );
    return reply.state === undefined ? undefined : decodeFollowUp(Object.entries(reply).flat());
  }

  async transition(
    id: string,
    from: FollowUpState,
    to: FollowUpState,
    patch: FollowUpPatch = {},
  ): Promise<FollowUp | undefined> {
    const reply = await this.#redis.run(`moving a follow-up from ${from} to ${to}`, () =>
      this.#redis.client.eval(
        TRANSITION,
        4,
        this.#key(id),
        this.#redis.key('followups', 'active'),
        this.#redis.key('followups', 'ended'),
        this.#redis.key('followups', 'all'),
        from,
        to,
        id,
        String(this.#keepEnded),
        this.#redis.key('followup', ''),
        String(this.#retainMs),
        ...this.#patchFields(patch),
      ),
    );
    return reply === null ? undefined : decodeFollowUp(reply as string[]);
  }

  async update(id: string, patch: FollowUpPatch): Promise<FollowUp | undefined> {
    const reply = await this.#redis.run('updating a follow-up', () =>
      this.#redis.client.eval(
        UPDATE,
        1,
        this.#key(id),
        patch.deadline === undefined ? '' : this.#ttl(patch.deadline),
        ...this.#patchFields(patch),
      ),
    );
    return reply === null ? undefined : decodeFollowUp(reply as string[]);
  }

  async claim(
    id: string,
    from: string | undefined,
    to: string | undefined,
    lease?: FollowUpLease,
  ): Promise<FollowUp | undefined> {
    const reply = await this.#redis.run('claiming a follow-up', () =>
      this.#redis.client.eval(
        CLAIM,
        1,
        this.#key(id),
        from ?? '',
        to ?? '',
        lease === undefined ? '' : String(lease.until.getTime()),
        lease?.expiredBy === undefined ? '' : String(lease.expiredBy.getTime()),
      ),
    );
    return reply === null ? undefined : decodeFollowUp(reply as string[]);
  }

  async listActive(): Promise<FollowUp[]> {
    const all = await this.#list('followups:active', ['0', '-1'], false);
    return all.filter((f) => f.state === 'following' || f.state === 'stalled');
  }

  async listRecent(limit: number): Promise<FollowUp[]> {
    if (limit <= 0) return [];
    return this.#list('followups:all', ['0', String(limit - 1)], true);
  }

  async #list(index: string, range: [string, string], newestFirst: boolean): Promise<FollowUp[]> {
    const key = this.#redis.key(...index.split(':'));
    const ids = await this.#redis.run('listing follow-ups', () =>
      newestFirst
        ? this.#redis.client.zrevrange(key, range[0], range[1])
        : this.#redis.client.zrange(key, range[0], range[1]),
    );
    if (ids.length === 0) return [];
    const pipeline = this.#redis.client.pipeline();
    for (const id of ids) pipeline.hgetall(this.#key(id));
    const replies = (await this.#redis.run('listing follow-ups', () => pipeline.exec())) ?? [];
    const found: FollowUp[] = [];
    const gone: string[] = [];
    replies.forEach(([error, value], i) => {
      const fields = value as Record<string, string> | null;
      if (error !== null || fields === null || fields.state === undefined) gone.push(ids[i] as string);
      else found.push(decodeFollowUp(Object.entries(fields).flat()));
    });
    // Follow-ups whose TTL ran out: drop them from the index too.
    if (gone.length > 0) await this.#redis.client.zrem(key, ...gone).catch(() => undefined);
    return found;
  }

  #patchFields(patch: FollowUpPatch): string[] {
    const { message, ...rest } = patch;
    return [
      ...encodeFields({ ...rest, updatedAt: patch.updatedAt ?? this.#clock.now() }),
      ...encodeFields(message ?? {}, MESSAGE),
    ];
  }

  #ttl(deadline: Date): string {
    return String(Math.ceil(Math.max(0, deadline.getTime() - this.#clock.now().getTime()) + this.#retainMs));
  }

  #key(id: string): string {
    return this.#redis.key('followup', id);
  }
}

function decodeFollowUp(reply: readonly string[]): FollowUp {
  const fields = pairsToMap(reply);
  const followUp: Record<string, unknown> = { state: fields.get('state') };
  for (const [field, value] of fields) {
    if (!RAW.has(field) && !field.startsWith(MESSAGE)) followUp[field] = decodeValue(value);
  }
  const owner = fields.get('owner');
  if (owner !== undefined) followUp.owner = owner;
  const lease = fields.get('leaseUntil');
  if (lease !== undefined) followUp.leaseUntil = new Date(Number(lease));
  const message = prefixedObject(fields, MESSAGE);
  if (message !== undefined) followUp.message = message;
  return Object.freeze(followUp) as unknown as FollowUp;
}
