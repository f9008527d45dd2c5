import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../../src/clusters/cluster-config.js';
import { resolveCluster } from '../../../src/core/commands/resolve-cluster.js';

function cluster(name: string, defaultForChannels: string[] = []): ClusterConfig {
  return {
    name,
    production: name.startsWith('prod'),
    defaultForChannels,
    pd: { endpoints: [`http://pd.${name}:2379`], connectTimeoutMs: 3000, responseTimeoutMs: 10_000 },
  };
}

const PROD = cluster('prod', ['C0PROD']);
const STAGING = cluster('staging', ['C0STAGING', 'C0DEV']);
const LAB = cluster('lab');
const SEVERAL = [PROD, STAGING, LAB];

describe('resolveCluster', () => {
  it('takes the cluster asked for by name, over the channel default', () => {
    expect(resolveCluster({ clusters: SEVERAL, channelId: 'C0PROD', requested: 'staging' })).toEqual({
      ok: true,
      cluster: STAGING,
      how: 'requested',
    });
  });

  it('reads a requested name case-insensitively and without surrounding spaces', () => {
    const result = resolveCluster({ clusters: SEVERAL, requested: ' Prod ' });
    expect(result.ok && result.cluster).toBe(PROD);
  });

  it('refuses an unknown name, listing the clusters in file order, even where a default exists', () => {
    expect(resolveCluster({ clusters: SEVERAL, channelId: 'C0PROD', requested: 'prd' })).toEqual({
      ok: false,
      code: 'UNKNOWN_CLUSTER',
      requested: 'prd',
      known: ['prod', 'staging', 'lab'],
    });
  });

  it("falls back to the channel's default", () => {
    expect(resolveCluster({ clusters: SEVERAL, channelId: 'C0DEV' })).toEqual({
      ok: true,
      cluster: STAGING,
      how: 'channel_default',
    });
  });

  it('refuses, listing the clusters, when there are several and the channel has no default', () => {
    expect(resolveCluster({ clusters: SEVERAL, channelId: 'C0RANDOM' })).toEqual({
      ok: false,
      code: 'NO_DEFAULT',
      channelId: 'C0RANDOM',
      known: ['prod', 'staging', 'lab'],
    });
  });

  it('refuses outside a channel (console, exec) when there are several clusters', () => {
    expect(resolveCluster({ clusters: SEVERAL })).toEqual({
      ok: false,
      code: 'NO_DEFAULT',
      known: ['prod', 'staging', 'lab'],
    });
  });

  it('uses the only cluster when there is one, in any channel or none', () => {
    for (const channelId of ['C0ANY', undefined]) {
      expect(resolveCluster({ clusters: [LAB], ...(channelId && { channelId }) })).toEqual({
        ok: true,
        cluster: LAB,
        how: 'only_cluster',
      });
    }
  });

  it('still refuses an unknown name when there is only one cluster', () => {
    const result = resolveCluster({ clusters: [LAB], requested: 'prod' });
    expect(result).toEqual({ ok: false, code: 'UNKNOWN_CLUSTER', requested: 'prod', known: ['lab'] });
  });
});
