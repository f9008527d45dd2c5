import { randomUUID } from 'node:crypto';
import {
  type Approval,
  type ApprovalMessageRef,
  type ApprovalPatch,
  type ApprovalState,
  type ApprovalStore,
  assertTransition,
  type NewApproval,
  type UndoOrigin,
} from '../core/approvals/approval-store.js';
import type { Clock } from '../core/engine/engine-clock.js';
import type { RedisConnection } from './redis-connection.js';
import { decodeValue, encodeFields, encodeValue, pairsToMap, prefixedObject } from './redis-value-codec.js';

export interface RedisApprovalStoreOptions {
  readonly clock?: Pick<Clock, 'now'>;
  readonly newId?: () => string;
  /** Approvals are kept this long after they expire (default one day), like the in-memory store. */
  readonly retainMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// KEYS: approval hash, pending index. ARGV: id, ttl ms, pending score, field/value pairs.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('approval id already in use') end
redis.call('HSET', KEYS[1], 'state', 'pending')
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return redis.call('HGETALL', KEYS[1])
`;

// The compare-and-set: one script, so no other client's command runs between the check and the set.
// KEYS: approval hash, pending index, approved index. ARGV: from, to, id, field/value pairs.
const TRANSITION = `
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return false end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
if ARGV[1] == 'pending' then redis.call('ZREM', KEYS[2], ARGV[3]) end
if ARGV[1] == 'approved' then redis.call('ZREM', KEYS[3], ARGV[3]) end
if ARGV[2] == 'approved' then
  redis.call('ZADD', KEYS[3], 0, ARGV[3])
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 and redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
end
return redis.call('HGETALL', KEYS[1])
`;

// Fields change only on an approval that exists: a late setMessage never resurrects an expired one.
// KEYS: approval hash. ARGV: field/value pairs.
const UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return redis.call('HGETALL', KEYS[1])
`;

const MESSAGE = 'msg:';

/**
 * Approvals in Redis, for several replicas. One hash per approval (state raw, every other field
 * JSON; the message ref one field per key so setMessage merges), and a sorted set of pending ids
 * by creation time. Every change is one Lua script: state moves by compare-and-set, so of two
 * replicas clicking at once exactly one wins. Every key has a TTL: the approval's expiry plus
 * retainMs.
 */
export class RedisApprovalStore implements ApprovalStore {
  readonly #redis: RedisConnection;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #newId: () => string;
  readonly #retainMs: number;

  constructor(redis: RedisConnection, options: RedisApprovalStoreOptions = {}) {
    this.#redis = redis;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#newId = options.newId ?? randomUUID;
    this.#retainMs = options.retainMs ?? DAY_MS;
  }

  async create(request: NewApproval): Promise<Approval> {
    const id = this.#newId();
    const { message, ...rest } = request;
    const ttlMs = Math.max(0, request.expiresAt.getTime() - this.#clock.now().getTime()) + this.#retainMs;
    const reply = await this.#redis.run('recording an approval request', () =>
      this.#redis.client.eval(
        CREATE,
        2,
        this.#key(id),
        this.#pendingKey(),
        id,
        String(Math.ceil(ttlMs)),
        String(request.createdAt.getTime()),
        ...encodeFields({ ...rest, id }),
        ...encodeFields(message ?? {}, MESSAGE),
      ),
    );
    return decodeApproval(reply as string[]);
  }

  async get(id: string): Promise<Approval | undefined> {
    const reply = await this.#redis.run('reading an approval', () =>
      this.#redis.client.hgetall(this.#key(id)),
    );
    return reply.state === undefined ? undefined : decodeApproval(Object.entries(reply).flat());
  }

  async transition(
    id: string,
    from: ApprovalState,
    to: ApprovalState,
    patch: ApprovalPatch = {},
  ): Promise<Approval | undefined> {
    assertTransition(from, to);
    const reply = await this.#redis.run(`moving an approval from ${from} to ${to}`, () =>
      this.#redis.client.eval(
        TRANSITION,
        3,
        this.#key(id),
        this.#pendingKey(),
        this.#redis.key('approvals', 'approved'),
        from,
        to,
        id,
        ...encodeFields(patch),
      ),
    );
    return reply === null ? undefined : decodeApproval(reply as string[]);
  }

  async setMessage(id: string, message: ApprovalMessageRef): Promise<Approval | undefined> {
    return this.#update(id, 'recording where an approval request was posted', encodeFields(message, MESSAGE));
  }

  async setUndoOrigin(id: string, origin: UndoOrigin): Promise<Approval | undefined> {
    return this.#update(id, "recording an undo's origin", ['undoOrigin', encodeValue(origin)]);
  }

  async listPending(): Promise<Approval[]> {
    return this.#listIndex(this.#pendingKey(), 'pending');
  }

  async listApproved(): Promise<Approval[]> {
    return this.#listIndex(this.#redis.key('approvals', 'approved'), 'approved');
  }

  async #listIndex(index: string, state: ApprovalState): Promise<Approval[]> {
    const ids = await this.#redis.run(`listing ${state} approvals`, () =>
      this.#redis.client.zrange(index, '0', '-1'),
    );
    if (ids.length === 0) return [];
    const pipeline = this.#redis.client.pipeline();
    for (const id of ids) pipeline.hgetall(this.#key(id));
    const replies = (await this.#redis.run(`listing ${state} approvals`, () => pipeline.exec())) ?? [];
    const pending: Approval[] = [];
    const gone: string[] = [];
    replies.forEach(([error, value], i) => {
      const fields = value as Record<string, string> | null;
      if (error !== null || fields === null || fields.state === undefined) gone.push(ids[i] as string);
      else if (fields.state === state) pending.push(decodeApproval(Object.entries(fields).flat()));
    });
    // Ids whose approval expired out of Redis: drop them from the index.
    if (gone.length > 0) await this.#redis.client.zrem(index, ...gone).catch(() => undefined);
    return pending;
  }

  async #update(id: string, operation: string, pairs: readonly string[]): Promise<Approval | undefined> {
    const reply = await this.#redis.run(operation, () =>
      this.#redis.client.eval(UPDATE, 1, this.#key(id), ...pairs),
    );
    return reply === null ? undefined : decodeApproval(reply as string[]);
  }

  #key(id: string): string {
    return this.#redis.key('approval', id);
  }

  #pendingKey(): string {
    return this.#redis.key('approvals', 'pending');
  }
}

function decodeApproval(reply: readonly string[]): Approval {
  const fields = pairsToMap(reply);
  const approval: Record<string, unknown> = { state: fields.get('state') };
  for (const [field, value] of fields) {
    if (field !== 'state' && !field.startsWith(MESSAGE)) approval[field] = decodeValue(value);
  }
  const message = prefixedObject(fields, MESSAGE);
  if (message !== undefined) approval.message = Object.freeze(message);
  if (approval.params !== undefined) Object.freeze(approval.params);
  return Object.freeze(approval) as unknown as Approval;
}
