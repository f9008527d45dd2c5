import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FollowUpRig, pdWrite, startFollowUpRig } from './follow-up-sim.js';

const OPS = '/pd/api/v1/operators';
const transferLeader = (rig: FollowUpRig, region: number, to: number) =>
  pdWrite(rig, OPS, { name: 'transfer-leader', region_id: region, to_store_id: to });

describe('FollowUpService against the PD simulator, on an injected clock', () => {
  let rig: FollowUpRig;
  beforeEach(async () => {
    rig = await startFollowUpRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  const ended = (id: string) =>
    rig.notices.find((n) => n.followUp.id === id && n.event === 'ended')?.followUp;

  it('follows a transfer-leader to SUCCESS and reports the leader the region really shows', async () => {
    expect(await transferLeader(rig, 42, 4)).toBe(200);
    const f = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    expect(f).toMatchObject({ kind: 'operator', subjectId: '42', state: 'following', owner: 'bot-1' });
    await rig.step(1_000);
    const end = ended(f.id);
    expect(end).toMatchObject({ state: 'succeeded', status: 'SUCCESS' });
    expect(end?.detail).toContain('Verified: region 42: leader on store 4;');
    expect(rig.reads('/pd/api/v1/region/id/42')).toBe(1);
    expect(rig.logs.find((l) => l.decision === 'follow_up_started')).toHaveLength(1);
    expect(rig.logs.find((l) => l.decision === 'follow_up_ended')[0]).toMatchObject({
      followUpId: f.id,
      state: 'succeeded',
      status: 'SUCCESS',
      subjectId: '42',
    });
    expect(await rig.store.listActive()).toEqual([]);
  });

  it('reports TIMEOUT with what PD says and where the leader still is', async () => {
    await transferLeader(rig, 42, 4);
    rig.sim.cluster.stopHeartbeats(4);
    const f = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    await rig.step(1_000);
    expect((await rig.store.get(f.id))?.state).toBe('following');
    expect(rig.logs.find((l) => l.decision === 'follow_up_progress')[0]).toMatchObject({
      status: 'RUNNING',
      detail: 'step 1 of 1: transfer leader from store 2 to store 4',
    });
    // PD's own timeout (1m0s, read from the operator) plus the margin becomes the deadline.
    expect((await rig.store.get(f.id))?.deadline.getTime()).toBe(f.startedAt.getTime() + 120_000);
    await rig.stepUntil(() => ended(f.id) !== undefined, 120_000, 1_000);
    const end = ended(f.id);
    expect(end).toMatchObject({ state: 'failed', status: 'TIMEOUT' });
    expect(end?.detail).toContain('PD: TIMEOUT, admin-transfer-leader {transfer leader: store 2 to 4}');
    expect(end?.detail).toContain('Now region 42: leader on store 2;');
  });

  it('reports CANCEL when someone cancels the operator mid-way (DELETE /operators/42)', async () => {
    await transferLeader(rig, 42, 4);
    rig.sim.cluster.stopHeartbeats(4);
    const f = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    await rig.step(1_000);
    expect((await rig.pd.send({ method: 'DELETE', path: `${OPS}/42` })).status).toBe(200);
    await rig.stepUntil(() => ended(f.id) !== undefined, 10_000);
    expect(ended(f.id)).toMatchObject({ state: 'failed', status: 'CANCEL' });
    expect(rig.logs.find((l) => l.decision === 'follow_up_ended')[0]).toMatchObject({ status: 'CANCEL' });
  });

  it('follows a transfer-peer through its steps and verifies the new peer set', async () => {
    await pdWrite(rig, OPS, { name: 'transfer-peer', region_id: 42, from_store_id: 3, to_store_id: 1 });
    const f = await rig.start('transfer_peer', { region_id: 42, from_store_id: 3, to_store_id: 1 });
    await rig.stepUntil(() => ended(f.id) !== undefined, 30_000);
    const end = ended(f.id);
    expect(end).toMatchObject({ state: 'succeeded', status: 'SUCCESS' });
    expect(end?.detail).toMatch(/^Verified: region 42: leader on store \d; peers on stores /);
    expect(end?.detail).not.toContain('3 (');
  });

  it('says honestly what it knows when PD no longer has the operator: verified from the region', async () => {
    await transferLeader(rig, 42, 4);
    rig.sim.faults.set(`GET ${OPS}/42=status:500:"[PD:operator:ErrOperatorNotFound]operator not found"`);
    const f = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    await rig.step(1_000);
    expect(ended(f.id)).toMatchObject({ state: 'succeeded', status: 'VERIFIED' });
    expect(ended(f.id)?.detail).toContain('PD no longer knows the operator on region 42');
  });

  it('stops at its deadline when PD never reports an end, and says how to check', async () => {
    await transferLeader(rig, 42, 4);
    rig.sim.faults.set(`GET ${OPS}/42=no-leader`);
    const f = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    const took = await rig.stepUntil(() => ended(f.id) !== undefined, 10 * 60_000, 5_000);
    expect(ended(f.id)).toMatchObject({ state: 'stopped', status: 'DEADLINE' });
    expect(ended(f.id)?.detail).toContain('Check with: operator 42');
    // Budget 1 min + margin 1 min; polls are 30 s apart at most.
    expect(took).toBeGreaterThanOrEqual(120_000);
    expect(took).toBeLessThanOrEqual(155_000);
    expect(rig.logs.find((l) => l.decision === 'follow_up_poll_failed')).toHaveLength(1);
    expect(rig.logs.find((l) => l.decision === 'follow_up_stopped')[0]).toMatchObject({ status: 'DEADLINE' });
  });

  it('polls one region once per round however many follow it, and backs off 1, 2, 4 … 30 s', async () => {
    rig.sim.cluster.stopHeartbeats(4);
    await transferLeader(rig, 42, 4);
    const a = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    await rig.step(500);
    // A second person follows the same region half a second later: it joins the first one's rounds.
    const b = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    const times: number[] = [];
    for (let t = 500; t < 60_000; t += 500) {
      const before = rig.reads(`${OPS}/42`);
      await rig.step(500);
      if (rig.reads(`${OPS}/42`) > before) times.push(t + 500);
      expect(rig.reads(`${OPS}/42`) - before).toBeLessThanOrEqual(1);
    }
    expect(times).toEqual([1_000, 3_000, 7_000, 15_000, 31_000]);
    expect(a.id).not.toBe(b.id);
  });

  it('verifies the end once for everyone following the region: one region read', async () => {
    await transferLeader(rig, 42, 4);
    const a = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    const b = await rig.start('transfer_leader', { region_id: 42, to_store_id: 4 });
    await rig.step(1_000);
    expect([ended(a.id)?.status, ended(b.id)?.status]).toEqual(['SUCCESS', 'SUCCESS']);
    expect(rig.reads(`${OPS}/42`)).toBe(1);
    expect(rig.reads('/pd/api/v1/region/id/42')).toBe(1);
  });

  it('follows a drain to leader_count 0 with a rate and an estimate', async () => {
    await pdWrite(rig, '/pd/api/v1/schedulers', { name: 'evict-leader-scheduler', store_id: 4 });
    const f = await rig.start('drain_store', { store_id: 4 });
    await rig.stepUntil(() => ended(f.id) !== undefined, 120_000);
    expect(ended(f.id)).toMatchObject({ state: 'succeeded', status: 'leader_count 0' });
    const progress = rig.logs.find((l) => l.decision === 'follow_up_progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(String(progress.at(-1)?.detail)).toMatch(
      /^\d+ leaders left on store 4; \d+ leaders\/min, about \d+ s to go$/,
    );
    expect(rig.reads('/pd/api/v1/store/4')).toBeLessThan(10);
    expect(rig.sim.requests.some((r) => r.path.startsWith('/pd/api/v1/regions'))).toBe(false);
  });

  it('ends a drain as UNDRAINED when the store is taken out of evict-leader mid-way', async () => {
    await pdWrite(rig, '/pd/api/v1/schedulers', { name: 'evict-leader-scheduler', store_id: 4 });
    const f = await rig.start('drain_store', { store_id: 4 });
    await rig.step(1_000);
    const undrain = '/pd/api/v1/scheduler-config/evict-leader-scheduler/delete/4';
    expect((await rig.pd.send({ method: 'DELETE', path: undrain })).status).toBe(200);
    await rig.stepUntil(() => ended(f.id) !== undefined, 10_000);
    expect(ended(f.id)).toMatchObject({ state: 'stopped', status: 'UNDRAINED' });
  });

  it('flags a drain that makes no progress for 5 minutes as stalled', async () => {
    for (const id of [1, 2, 3, 5, 6]) rig.sim.cluster.stopHeartbeats(id, 60_000);
    await pdWrite(rig, '/pd/api/v1/schedulers', { name: 'evict-leader-scheduler', store_id: 4 });
    const f = await rig.start('drain_store', { store_id: 4 });
    await rig.stepUntil(() => false, 4 * 60_000, 5_000);
    expect((await rig.store.get(f.id))?.state).toBe('following');
    await rig.stepUntil(() => false, 90_000, 5_000);
    const now = await rig.store.get(f.id);
    expect(now?.state).toBe('stalled');
    expect(now?.detail).toMatch(/none moved for \d+ min \(stalled\)/);
    expect(rig.logs.find((l) => l.decision === 'follow_up_progress' && l.state === 'stalled')).toHaveLength(
      1,
    );
  });
});
