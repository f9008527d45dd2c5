import { describe, expect, it } from 'vitest';
import type { FollowUpStore, NewFollowUp } from '../../src/core/follow-ups/follow-up-store.js';

const T0 = new Date('2026-08-21T02:15:00Z');
export const NEW_FOLLOW_UP: NewFollowUp = {
  kind: 'operator',
  cluster: 'prod-east',
  subjectId: '42',
  actionName: 'transfer_leader',
  params: { region_id: 42, to_store_id: 4 },
  requesterId: 'U0ONCALL',
  correlationId: 'corr-1',
  startedAt: T0,
  deadline: new Date(T0.getTime() + 120_000),
  message: { channelId: 'C0INCIDENT', ts: '1755742500.000100' },
  owner: 'bot-1',
};

/**
 * The FollowUpStore contract, for every implementation (the in-memory one now, a Redis one later):
 * call it from a describe block with a factory that returns an empty store.
 */
export function followUpStoreContract(makeStore: () => Promise<FollowUpStore> | FollowUpStore): void {
  describe('FollowUpStore contract', () => {
    it('creates following follow-ups with an id, and finds them', async () => {
      const store = await makeStore();
      const created = await store.create(NEW_FOLLOW_UP);
      expect(created).toMatchObject({ ...NEW_FOLLOW_UP, state: 'following' });
      expect(created.id).not.toBe('');
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get('nope')).toBeUndefined();
      expect(await store.listActive()).toEqual([created]);
    });

    it('moves state by compare-and-set: of two concurrent ends exactly one wins', async () => {
      const store = await makeStore();
      const { id } = await store.create(NEW_FOLLOW_UP);
      const results = await Promise.all([
        store.transition(id, 'following', 'succeeded', { status: 'SUCCESS' }),
        store.transition(id, 'following', 'stopped', { status: 'DEADLINE' }),
      ]);
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      expect(await store.listActive()).toEqual([]);
    });

    it('never moves an ended follow-up again', async () => {
      const store = await makeStore();
      const { id } = await store.create(NEW_FOLLOW_UP);
      await store.transition(id, 'following', 'failed', { status: 'TIMEOUT' });
      expect(await store.transition(id, 'failed', 'following')).toBeUndefined();
      expect(await store.claim(id, 'bot-1', undefined)).toBeUndefined();
      expect((await store.get(id))?.status).toBe('TIMEOUT');
    });

    it('passes a drain through stalled and back, still active', async () => {
      const store = await makeStore();
      const { id } = await store.create({ ...NEW_FOLLOW_UP, kind: 'drain', subjectId: '4' });
      expect(await store.transition(id, 'following', 'stalled')).toMatchObject({ state: 'stalled' });
      expect(await store.listActive()).toHaveLength(1);
      expect(await store.transition(id, 'stalled', 'following')).toMatchObject({ state: 'following' });
    });

    it('updates progress and merges the message reference', async () => {
      const store = await makeStore();
      const { id } = await store.create(NEW_FOLLOW_UP);
      const updated = await store.update(id, { status: 'RUNNING', message: { responseUrlUses: 2 } });
      expect(updated).toMatchObject({
        status: 'RUNNING',
        message: { channelId: 'C0INCIDENT', ts: '1755742500.000100', responseUrlUses: 2 },
      });
      expect(await store.update('nope', { status: 'x' })).toBeUndefined();
    });

    it('hands ownership over by compare-and-set: release, then exactly one of two bots claims it', async () => {
      const store = await makeStore();
      const { id } = await store.create(NEW_FOLLOW_UP);
      expect(await store.claim(id, 'bot-2', undefined)).toBeUndefined();
      const released = await store.claim(id, 'bot-1', undefined);
      expect(released?.owner).toBeUndefined();
      const claims = await Promise.all([
        store.claim(id, undefined, 'bot-2'),
        store.claim(id, undefined, 'bot-3'),
      ]);
      expect(claims.filter((c) => c !== undefined)).toHaveLength(1);
    });

    it('takes over a follow-up only once its lease ended: a live owner renewing is never robbed', async () => {
      const store = await makeStore();
      const { id } = await store.create({ ...NEW_FOLLOW_UP, leaseUntil: new Date(T0.getTime() + 30_000) });
      expect((await store.get(id))?.leaseUntil).toEqual(new Date(T0.getTime() + 30_000));
      // bot-1 renews: a claim from itself to itself with a later lease.
      const renewed = await store.claim(id, 'bot-1', 'bot-1', { until: new Date(T0.getTime() + 60_000) });
      expect(renewed).toMatchObject({ owner: 'bot-1', leaseUntil: new Date(T0.getTime() + 60_000) });
      const early = { until: new Date(T0.getTime() + 90_000), expiredBy: new Date(T0.getTime() + 59_999) };
      expect(await store.claim(id, 'bot-1', 'bot-2', early)).toBeUndefined();
      const late = { until: new Date(T0.getTime() + 120_000), expiredBy: new Date(T0.getTime() + 60_000) };
      const takeOvers = await Promise.all([
        store.claim(id, 'bot-1', 'bot-2', late),
        store.claim(id, 'bot-1', 'bot-3', late),
      ]);
      const winner = takeOvers.find((t) => t !== undefined);
      expect(takeOvers.filter((t) => t !== undefined)).toHaveLength(1);
      expect(await store.get(id)).toMatchObject({ owner: winner?.owner, leaseUntil: late.until });
      // The dead owner's late renewal fails: it learns it lost the follow-up.
      expect(await store.claim(id, 'bot-1', 'bot-1', { until: late.until })).toBeUndefined();
      const released = await store.claim(id, winner?.owner, undefined);
      expect(released?.owner).toBeUndefined();
      expect(released?.leaseUntil).toBeUndefined();
    });

    it('keeps every field as given: dates as dates, the message with its original, numbers exactly', async () => {
      const store = await makeStore();
      const message = {
        responseUrl: 'https://hooks.slack.test/r',
        responseUrlIssuedAt: new Date(T0.getTime() - 1000),
        responseUrlUses: 1,
        standalone: true,
        original: { text: 'done "ünï"', blocks: [{ type: 'section', n: 9_007_199_254_740_991 }] },
      };
      const created = await store.create({
        ...NEW_FOLLOW_UP,
        message,
        params: { region_id: 9_007_199_254_740_991 },
      });
      const updated = await store.update(created.id, { detail: '12 leaders left', status: 'RUNNING' });
      expect(await store.get(created.id)).toEqual(updated);
      expect(updated).toMatchObject({ message, params: { region_id: 9_007_199_254_740_991 } });
      expect(updated?.updatedAt).toBeInstanceOf(Date);
    });

    it('lists recent follow-ups, ended ones too, newest first and bounded', async () => {
      const store = await makeStore();
      const first = await store.create(NEW_FOLLOW_UP);
      await store.transition(first.id, 'following', 'succeeded');
      const second = await store.create({ ...NEW_FOLLOW_UP, startedAt: new Date(T0.getTime() + 1000) });
      expect((await store.listRecent(10)).map((f) => f.id)).toEqual([second.id, first.id]);
      expect(await store.listRecent(1)).toHaveLength(1);
    });
  });
}
