import { type PdSim, parseFaultSpec, startPdSim } from '@tikv-chatops/pd-sim';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PdHttpError } from '../../src/core/pd/pd-errors.js';
import { PdClient } from '../../src/pd/pd-client.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';

const MiB = 1024 * 1024;

describe('the simulator faults huge and endless', () => {
  it('parse with a size and an optional status', () => {
    expect(parseFaultSpec('POST /pd/api/v1/operators=huge:10000000')).toMatchObject({
      action: 'huge',
      bytes: 10_000_000,
    });
    expect(parseFaultSpec('*=huge:5000:500')).toMatchObject({ action: 'huge', bytes: 5000, status: 500 });
    expect(parseFaultSpec('*=endless')).toMatchObject({ action: 'endless' });
    expect(parseFaultSpec('*=endless')).not.toHaveProperty('status');
    expect(parseFaultSpec('*=endless:503')).toMatchObject({ action: 'endless', status: 503 });
    expect(() => parseFaultSpec('*=huge')).toThrow(/huge needs a body size in bytes/);
  });
});

describe('PdClient against the simulator answering without end', () => {
  let sim: PdSim;
  let pd: PdClient;
  beforeAll(async () => {
    sim = await startPdSim({ timing: 'manual' });
    pd = new PdClient({ endpoint: sim.url, connectTimeoutMs: 2000, responseTimeoutMs: 20_000 });
  });
  afterAll(async () => {
    await pd.close();
    await sim.close();
  });
  beforeEach(() => {
    sim.faults.set([]);
    sim.requests.length = 0;
  });

  it('reads a huge body of exactly the given size when it fits the limit', async () => {
    sim.faults.add('POST /pd/api/v1/operators#1=huge:5000');
    const response = await pd.send(transferLeaderRequest(42, 4));
    expect(response).toMatchObject({ status: 200 });
    expect(response.truncatedAtBytes).toBeUndefined();
    expect(response.rawBody).toHaveLength(5000);
    expect(response.rawBody).toMatch(/^"pd-sim huge answer; .*"\n$/s);
  });

  it('cuts a 10 MB answer at 1 MiB and reports PD 200', async () => {
    sim.faults.add('POST /pd/api/v1/operators=huge:10000000');
    const response = await pd.send(transferLeaderRequest(42, 4));
    expect(response).toMatchObject({ status: 200, truncatedAtBytes: MiB });
    expect(response.rawBody).toHaveLength(MiB);
  });

  it('cuts an endless 500 answer at 1 MiB and reports PD 500, then answers the next request', async () => {
    sim.faults.add('POST /pd/api/v1/operators#1=endless:500');
    let error: unknown;
    try {
      await pd.send(transferLeaderRequest(42, 4));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PdHttpError);
    expect(error).toMatchObject({ status: 500, truncatedAtBytes: MiB });
    await expect(pd.send(transferLeaderRequest(42, 4))).resolves.toMatchObject({
      status: 200,
      rawBody: '"The operator is created."\n',
    });
  });
});
