import { describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/console/load-demo.js';

describe('loadDemo', () => {
  it('loads the demo when the simulator is installed (a checkout run through tsx)', async () => {
    const demo = await loadDemo();
    expect(demo.kind).toBe('loaded');
  });

  it('answers PD_SIM_NOT_INSTALLED when node cannot find the simulator package', async () => {
    const missing = Object.assign(
      new Error("Cannot find package '@tikv-chatops/pd-sim' imported from /app/dist/src/console/run-demo.js"),
      { code: 'ERR_MODULE_NOT_FOUND' },
    );
    const demo = await loadDemo(() => Promise.reject(missing));
    expect(demo).toMatchObject({ kind: 'unavailable', code: 'PD_SIM_NOT_INSTALLED' });
  });

  it('lets any other failure through as the internal error it is', async () => {
    const bug = new Error("Cannot find module '/app/dist/src/console/console-session.js'");
    await expect(loadDemo(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
