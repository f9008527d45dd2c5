import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PdSim, startPdSim } from '../../src/pd-sim/start-pd-sim.js';
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
    expect(operators[0]).toMatch(
      /^evict-leader-scheduler \{transfer leader: store 4 to \d\} \(kind:leader, /,
    );
    sim.advance(50);
    expect((await store(4)).leader_count).toBe(start - 3);

    sim.advance(10_000);
    expect((await store(4)).leader_count).toBe(0);
    expect((await transferLeader42To4()).body).toBe(
      '"cannot create operator: target leader is not allowed"\n',
    );
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
