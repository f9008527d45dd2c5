import { describe, expect, it } from 'vitest';
import { encodePdBody } from '../../../src/pd/pd-request.js';
import { RecordingTransport } from '../../../src/pd/recording-transport.js';
import { TikvSubject } from '../../../src/subjects/tikv/tikv-subject.js';

describe('TikvSubject', () => {
  const transport = () => new RecordingTransport('http://pd:2379');

  it('sends transfer-leader with to_store_id as a JSON number, as pd-ctl does', async () => {
    const t = transport();
    await new TikvSubject(t).transferLeader(42, '4');
    expect(t.requests).toEqual([
      {
        method: 'POST',
        path: '/pd/api/v1/operators',
        body: { name: 'transfer-leader', region_id: 42, to_store_id: 4 },
      },
    ]);
    expect(encodePdBody(t.requests[0] as never)).toBe(
      '{"name":"transfer-leader","region_id":42,"to_store_id":4}',
    );
  });

  it('sends transfer-peer with from and to store IDs as numbers', async () => {
    const t = transport();
    await new TikvSubject(t).transferPeer(7, '1', '3');
    expect(encodePdBody(t.requests[0] as never)).toBe(
      '{"name":"transfer-peer","region_id":7,"from_store_id":1,"to_store_id":3}',
    );
  });

  it('drains a store with the cluster-wide evict-leader-scheduler', async () => {
    const t = transport();
    await new TikvSubject(t).drainStore('5');
    expect(t.requests[0]?.path).toBe('/pd/api/v1/schedulers');
    expect(encodePdBody(t.requests[0] as never)).toBe('{"name":"evict-leader-scheduler","store_id":5}');
  });

  it('refuses a store ID PD could not take, instead of sending NaN', async () => {
    const t = transport();
    await expect(new TikvSubject(t).transferLeader(42, 'x')).rejects.toThrow(RangeError);
    expect(t.requests).toEqual([]);
  });

  it('runs each declared action through execute()', async () => {
    const t = transport();
    const subject = new TikvSubject(t);
    for (const action of subject.getActionDefinitions()) {
      const params = Object.fromEntries(
        Object.entries(action.parameters).map(([n, p]) => [n, p.type === 'int' ? 9 : '2']),
      );
      await subject.execute(action, params, {});
    }
    expect(t.requests.map((r) => r.body?.name)).toEqual([
      'transfer-leader',
      'transfer-peer',
      'evict-leader-scheduler',
    ]);
  });
});
