import { SIMULATOR_HEADER as SENT } from '@tikv-chatops/pd-sim';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_HEADER as READ } from '../../src/pd/pd-client.js';

// The bot may not import the simulator's package, so each side names the header; this keeps them one name.
describe('the simulator header', () => {
  it('is the one the simulator sends and the PD client reads', () => {
    expect(READ).toBe(SENT);
  });
});
