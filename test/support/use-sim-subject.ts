import { type PdSim, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { PdClient } from '../../src/pd/pd-client.js';
import { TikvSubject } from '../../src/subjects/tikv/tikv-subject.js';

export interface SimSubject {
  readonly sim: PdSim;
  readonly pd: PdClient;
  readonly subject: TikvSubject;
}

/**
 * One PD simulator (manual timing, default topology) and a TikvSubject over it for the enclosing
 * describe block; faults and the request log are cleared before each test, so every test starts
 * from what it asserts on. `assign` receives them once they exist (hooks run after collection).
 */
export function useSimSubject(assign: (made: SimSubject) => void): void {
  let made: SimSubject | undefined;
  beforeAll(async () => {
    const sim = await startPdSim({ timing: 'manual' });
    const pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 5000 });
    made = { sim, pd, subject: new TikvSubject(pd) };
    assign(made);
  });
  afterAll(async () => {
    await made?.pd.close();
    await made?.sim.close();
  });
  beforeEach(() => {
    made?.sim.faults.set([]);
    if (made) made.sim.requests.length = 0;
  });
}
