import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PdSim, startPdSim } from '../src/start-pd-sim.js';
import { callPd } from './call-pd.js';

const API = '/pd/api/v1';
let sim: PdSim;

beforeEach(async () => {
  sim = await startPdSim({ timing: 'manual' });
});
afterEach(async () => {
  await sim.close();
});

async function store(id: number) {
  const answer = await callPd(sim, 'GET', `${API}/store/${id}`);
  return (JSON.parse(answer.body) as { status: { leader_count: number; pause_leader_transfer_in?: boolean } })
    .status;
}

const transferLeader42To4 = () =>
  callPd(sim, 'POST', `${API}/operators`, { name: 'transfer-leader', region_id: 42, to_store_id: 4 });

describe('evict-leader-scheduler', () => {
  it('drains every leader off the store in batches and refuses leaders into it', async () => {
    const start = (await store(4)).leader_count;
    expect(start).toBeGreaterThan(100);
    expect(
      (await callPd(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 4 }))
        .status,
    ).toBe(200);
    expect((await store(4)).pause_leader_transfer_in).toBe(true);

    sim.advance(50);
    // One round moves `batch` (3) leaders; their operators are evict-leader ones, Urgent like admin ones.
    const operators = JSON.parse((await callPd(sim, 'GET', `${API}/operators`)).body) as string[];
    expect(operators).toHaveLength(3);
    // PD's brief for a multi-target evict (pkg/schedule/operator/builder.go ~576).
    expect(operators[0]).toMatch(
      /^evict-leader-scheduler \{evict leader: from store 4 to one in \[\d( \d)*\], or to \d \(for compatibility\)\} \(kind:leader, /,
    );
    sim.advance(50);
    expect((await store(4)).leader_count).toBe(start - 3);

    sim.advance(10_000);
    expect((await store(4)).leader_count).toBe(0);
    expect((await transferLeader42To4()).body).toBe(
      '"cannot create operator: target leader is not allowed"\n',
    );
  });

  it('names every allowed follower in the brief, sorted and space-separated, and the chosen one last', async () => {
    // evict_leader.go ~379–393: targets are the region's followers that pass the leader-target filter,
    // CreateTransferLeaderOperator(name, …, target, targetIDs, OpLeader); builder.go ~313 sorts them and
    // ~576 prints `evict leader: from store %d to one in %v, or to %d (for compatibility)`.
    const small = await startPdSim({ timing: 'manual', regions: 11 });
    try {
      const post = (path: string, body: unknown) => callPd(small, 'POST', `${API}${path}`, body);
      expect((await post('/schedulers', { name: 'evict-leader-scheduler', store_id: 2 })).status).toBe(200);
      expect(
        (
          await post('/scheduler-config/evict-leader-scheduler/config', {
            name: 'evict-leader-scheduler',
            batch: 100,
          })
        ).status,
      ).toBe(200);
      small.advance(50);
      // Region 42: voters 4, 2 (leader), 3 and a TiFlash learner on 7, which is never a candidate.
      const op = JSON.parse((await callPd(small, 'GET', `${API}/operators/42`)).body) as string;
      expect(op).toMatch(
        /^status: RUNNING, operator: evict-leader-scheduler \{evict leader: from store 2 to one in \[3 4\], or to [34] \(for compatibility\)\} \(kind:leader, /,
      );
    } finally {
      await small.close();
    }
  });

  it('leaves a follower on an Offline store out of the evict candidates', async () => {
    const small = await startPdSim({ timing: 'manual', regions: 11 });
    try {
      small.cluster.setStoreState(3, 'Offline');
      await callPd(small, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 2 });
      await callPd(small, 'POST', `${API}/scheduler-config/evict-leader-scheduler/config`, {
        name: 'evict-leader-scheduler',
        batch: 100,
      });
      small.advance(50);
      const op = JSON.parse((await callPd(small, 'GET', `${API}/operators/42`)).body) as string;
      expect(op).toContain('{evict leader: from store 2 to one in [4], or to 4 (for compatibility)}');
    } finally {
      await small.close();
    }
  });

  it('undrains when the scheduler is removed: the pause is lifted and leaders may come back', async () => {
    await callPd(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 4 });
    sim.advance(1_000);
    expect((await callPd(sim, 'DELETE', `${API}/schedulers/evict-leader-scheduler`)).status).toBe(200);
    // Operators already handed out still finish, as in PD; after that nothing moves any more.
    sim.advance(100);
    const remaining = (await store(4)).leader_count;
    expect(remaining).toBeGreaterThan(0);
    expect((await store(4)).pause_leader_transfer_in).toBeUndefined();
    sim.advance(5_000);
    expect((await store(4)).leader_count).toBe(remaining);
    expect((await transferLeader42To4()).body).toBe('"The operator is created."\n');
    expect(JSON.parse((await callPd(sim, 'GET', `${API}/schedulers`)).body)).not.toContain(
      'evict-leader-scheduler',
    );
  });

  it('removing the last store by name removes the scheduler and its config routes', async () => {
    await callPd(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 4 });
    await callPd(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 1 });
    expect((await callPd(sim, 'DELETE', `${API}/schedulers/evict-leader-scheduler-4`)).body).toBe('null\n');
    expect((await store(4)).pause_leader_transfer_in).toBeUndefined();
    expect((await store(1)).pause_leader_transfer_in).toBe(true);
    expect((await callPd(sim, 'DELETE', `${API}/schedulers/evict-leader-scheduler-1`)).status).toBe(200);
    expect((await callPd(sim, 'GET', `${API}/scheduler-config/evict-leader-scheduler/list`)).status).toBe(
      404,
    );
  });

  it('a batch set through the config route changes how many leaders move per round', async () => {
    await callPd(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 4 });
    await callPd(sim, 'POST', `${API}/scheduler-config/evict-leader-scheduler/config`, { batch: 10 });
    sim.advance(50);
    expect(JSON.parse((await callPd(sim, 'GET', `${API}/operators?kind=leader`)).body)).toHaveLength(10);
  });

  it('pausing the scheduler stops the drain until it resumes', async () => {
    await callPd(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 4 });
    await callPd(sim, 'POST', `${API}/schedulers/evict-leader-scheduler`, { delay: 60 });
    const paused = (await store(4)).leader_count;
    sim.advance(30_000);
    expect((await store(4)).leader_count).toBe(paused);
    expect(JSON.parse((await callPd(sim, 'GET', `${API}/schedulers?status=paused`)).body)).toEqual([
      'evict-leader-scheduler',
    ]);
    sim.advance(60_000);
    expect((await store(4)).leader_count).toBe(0);
  });

  it('an admin operator already on a region is left alone by the drain', async () => {
    await callPd(sim, 'POST', `${API}/operators`, { name: 'transfer-leader', region_id: 50, to_store_id: 2 });
    await callPd(sim, 'DELETE', `${API}/operators/50`);
    await callPd(sim, 'POST', `${API}/operators`, { name: 'transfer-leader', region_id: 50, to_store_id: 2 });
    await callPd(sim, 'POST', `${API}/schedulers`, { name: 'evict-leader-scheduler', store_id: 4 });
    sim.advance(10_000);
    expect(sim.cluster.region(50)?.leaderStoreId).toBe(2);
    expect(JSON.parse((await callPd(sim, 'GET', `${API}/operators/50`)).body)).toMatch(
      /^status: SUCCESS, operator: admin-transfer-leader/,
    );
  });
});
