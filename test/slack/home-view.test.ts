import { describe, expect, it } from 'vitest';
import type { Approval } from '../../src/core/approvals/approval-store.js';
import type { FollowUp } from '../../src/core/follow-ups/follow-up-store.js';
import type { ClusterOverview, StoreAttentionLine } from '../../src/core/home/cluster-overview.js';
import {
  HOME_BLOCK_LIMIT,
  type HomeCluster,
  type HomeViewInput,
  renderHomeView,
} from '../../src/slack/home-view.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { checkView } from '../support/fake-slack/slack-limits.js';
import { expectGolden } from '../support/golden.js';

const NOW = new Date('2026-12-01T17:00:00Z');

function attention(id: number, state: string, reasons: string[]): StoreAttentionLine {
  return {
    id,
    address: `tikv-${id}:20160`,
    stateName: state,
    leaderCount: id * 10,
    regionCount: id * 30,
    reasons,
  };
}

const EAST: ClusterOverview = {
  cluster: 'east',
  readAt: NOW,
  stores: {
    ok: true,
    value: {
      total: 7,
      byState: [
        ['Up', 5],
        ['Offline', 1],
        ['Down', 1],
      ],
      attention: [
        attention(4, 'Up', ['evicting']),
        attention(5, 'Offline', ['offline']),
        attention(6, 'Down', ['down']),
      ],
    },
  },
  drains: { ok: true, value: [{ storeId: 4, leaderCount: 12, stateName: 'Up' }] },
};

const WEST_DOWN: ClusterOverview = {
  cluster: 'west',
  readAt: NOW,
  stores: {
    ok: false,
    problem: { code: 'PD_CONNECTION_REFUSED', message: 'connect ECONNREFUSED 10.0.0.9:2379' },
  },
  drains: {
    ok: false,
    problem: { code: 'PD_CONNECTION_REFUSED', message: 'connect ECONNREFUSED 10.0.0.9:2379' },
  },
};

function followUp(id: string, state: FollowUp['state'], status?: string): FollowUp {
  return {
    id,
    kind: 'operator',
    cluster: 'east',
    subjectId: '42',
    actionName: 'transfer-leader',
    params: { region_id: 42, to_store_id: 4 },
    requesterId: 'U0ONCALL',
    correlationId: `corr-${id}`,
    startedAt: new Date(NOW.getTime() - 60_000),
    deadline: new Date(NOW.getTime() + 600_000),
    state,
    ...(status !== undefined && { status }),
    updatedAt: NOW,
  };
}

const APPROVAL: Approval = {
  id: 'ap1',
  state: 'pending',
  requesterId: 'U0INTERN',
  channelId: 'C0INCIDENT',
  actionName: 'drain-store',
  params: { store_id: 4 },
  correlationId: 'corr-ap1',
  cluster: 'east',
  createdAt: new Date(NOW.getTime() - 120_000),
  expiresAt: new Date(NOW.getTime() + 18 * 60_000),
};

function cluster(name: string, overview: ClusterOverview, production = false): HomeCluster {
  return { name, production, simulated: false, endpoint: `http://pd-${name}:2379`, overview };
}

function input(overrides: Partial<HomeViewInput> = {}): HomeViewInput {
  return {
    viewerId: 'U0LEAD',
    now: NOW,
    clusters: [cluster('east', EAST, true), cluster('west', WEST_DOWN)],
    followUps: {
      ok: true,
      items: [followUp('f1', 'following', 'RUNNING'), followUp('f0', 'failed', 'TIMEOUT')],
    },
    approvals: { ok: true, approvals: [APPROVAL] },
    actions: TIKV_ACTIONS,
    cacheSeconds: 15,
    dmChannelId: 'D0LEAD',
    ...overrides,
  };
}

describe('renderHomeView', () => {
  it('shows per cluster the stores, drains with Undrain, operators with Cancel, then approvals: golden', () => {
    const view = renderHomeView(input());
    expect(checkView(view as never)).toBeUndefined();
    expectGolden('slack/app-home-two-clusters-one-down', view);
  });

  it('shows a cluster whose PD did not answer as that cluster’s problem only', () => {
    const text = JSON.stringify(renderHomeView(input()));
    expect(text).toContain('*PD did not answer* (`PD_CONNECTION_REFUSED`)');
    expect(text).toContain('*7 stores*: 5 Up, 1 Offline, 1 Down');
  });

  it('fits a 10,000-store cluster with every store needing attention and 500 drains within Home’s limits', () => {
    const many: ClusterOverview = {
      cluster: 'huge',
      readAt: NOW,
      stores: {
        ok: true,
        value: {
          total: 10_000,
          byState: [['Down', 10_000]],
          attention: Array.from({ length: 10_000 }, (_, i) =>
            attention(i + 1, 'Down', ['down', 'slow', 'low space']),
          ),
        },
      },
      drains: {
        ok: true,
        value: Array.from({ length: 500 }, (_, i) => ({ storeId: i + 1, leaderCount: 1000 })),
      },
    };
    const view = renderHomeView(
      input({
        clusters: [cluster('huge', many)],
        followUps: { ok: true, items: Array.from({ length: 200 }, (_, i) => followUp(`f${i}`, 'following')) },
        approvals: {
          ok: true,
          approvals: Array.from({ length: 300 }, (_, i) => ({ ...APPROVAL, id: `a${i}` })),
        },
      }),
    );
    expect(checkView(view as never)).toBeUndefined();
    const text = JSON.stringify(view);
    expect(text).toContain('*10,000 stores*: 10,000 Down');
    expect(text).toContain('… and 9,990 more needing attention');
    expect(text).toContain('… and 490 more');
    expect(text).toContain('… and 285 more');
  });

  it('stays within 100 blocks however many clusters, naming the ones left out', () => {
    const clusters = Array.from({ length: 40 }, (_, i) => cluster(`c${i}`, { ...EAST, cluster: `c${i}` }));
    const view = renderHomeView(input({ clusters }));
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCK_LIMIT);
    expect(checkView(view as never)).toBeUndefined();
    expect(JSON.stringify(view)).toMatch(/\d+ more clusters do not fit here: `c\d+`/);
    // Approvals are never pushed out by clusters.
    expect(JSON.stringify(view)).toContain('*Approvals waiting for you* (1)');
  });

  it('says so when the viewer’s groups could not be read, instead of listing no approvals', () => {
    const view = renderHomeView(
      input({ approvals: { ok: false, reason: 'GROUP_LOOKUP_FAILED', error: new Error('x') } }),
    );
    expect(JSON.stringify(view)).toContain('could not check your user groups');
  });

  it('hides a cluster the policy does not let the viewer read', () => {
    const hidden: HomeCluster = {
      name: 'secret',
      production: true,
      simulated: false,
      endpoint: 'http://pd:2379',
      hidden: 'NOT_GRANTED',
    };
    const text = JSON.stringify(renderHomeView(input({ clusters: [hidden] })));
    expect(text).toContain('The policy does not let you view this cluster');
    expect(text).not.toContain('Drains in progress');
  });
});
