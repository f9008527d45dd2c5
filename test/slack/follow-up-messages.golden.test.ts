import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../src/core/follow-ups/follow-up-store.js';
import { renderFollowedMessage, renderFollowUpEnd } from '../../src/slack/follow-up-blocks.js';
import { withinSlackLimits } from '../../src/slack/within-slack-limits.js';
import { checkMessage } from '../support/fake-slack/slack-limits.js';
import { expectGolden } from '../support/golden.js';

/** The accepted results as the channel first saw them, from their own goldens (buttons included). */
function original(name: string): { text: string; blocks: unknown[] } {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'golden', 'slack', `${name}.json`), 'utf8'));
}

const NOW = new Date('2026-08-21T02:16:05Z');

const OPERATOR: FollowUp = {
  id: 'f-op',
  kind: 'operator',
  cluster: 'default',
  subjectId: '42',
  actionName: 'transfer_leader',
  params: { region_id: 42, to_store_id: 4 },
  requesterId: 'U0ONCALL',
  correlationId: 'corr0042',
  startedAt: new Date('2026-08-21T02:15:00Z'),
  deadline: new Date('2026-08-21T02:17:00Z'),
  state: 'following',
  status: 'RUNNING',
  detail: 'step 1 of 1: transfer leader from store 2 to store 4',
  updatedAt: NOW,
  message: {
    channelId: 'C0INCIDENT',
    ts: '1755742500.000100',
    original: original('transfer-leader-ok-with-cancel'),
  },
};

const DRAIN: FollowUp = {
  ...OPERATOR,
  id: 'f-drain',
  kind: 'drain',
  subjectId: '4',
  actionName: 'drain_store',
  params: { store_id: 4 },
  deadline: new Date('2026-08-21T08:15:00Z'),
  status: 'leader_count 1180',
  detail:
    '1180 leaders left on store 4; none moved for 6 min (stalled): is the evict-leader-scheduler still there for the store, and can the other stores take leaders? (see schedulers, stores)',
  state: 'stalled',
  message: {
    channelId: 'C0INCIDENT',
    ts: '1755742500.000200',
    original: original('drain-store-ok-with-undrain'),
  },
};

const SUCCESS: FollowUp = {
  ...OPERATOR,
  state: 'succeeded',
  status: 'SUCCESS',
  detail: 'Verified: region 42: leader on store 4; peers on stores 2 (Voter), 3 (Voter), 4 (Voter).',
  finishedAt: NOW,
};

const CASES: Record<string, { followUp: FollowUp; event: 'progress' | 'ended' | 'released' }> = {
  'operator-running': { followUp: OPERATOR, event: 'progress' },
  'operator-success': { followUp: SUCCESS, event: 'ended' },
  'operator-timeout': {
    followUp: {
      ...OPERATOR,
      state: 'failed',
      status: 'TIMEOUT',
      detail:
        'PD: TIMEOUT, "transfer-leader-for-ui {transfer leader: store 2 to 4} (kind:leader,admin, region:42(4, 3), createAt:…)". Now region 42: leader on store 2; peers on stores 2 (Voter), 3 (Voter), 4 (Voter).',
      finishedAt: NOW,
    },
    event: 'ended',
  },
  'operator-released': {
    followUp: { ...OPERATOR, updatedAt: new Date('2026-08-21T02:15:31Z') },
    event: 'released',
  },
  'drain-stalled': { followUp: DRAIN, event: 'progress' },
  'drain-standalone': {
    followUp: {
      ...DRAIN,
      state: 'following',
      status: 'leader_count 312',
      detail: '312 leaders left on store 4; 118 leaders/min, about 3 min to go',
      message: { channelId: 'C0INCIDENT', ts: '1755744400.000300', standalone: true },
    },
    event: 'progress',
  },
};

describe('follow-up messages (golden Block Kit)', () => {
  for (const [name, { followUp, event }] of Object.entries(CASES)) {
    it(`renders ${name} within Slack's limits`, () => {
      const message = withinSlackLimits(renderFollowedMessage(followUp, event, NOW), followUp.correlationId);
      expect(checkMessage(message)).toBeUndefined();
      expectGolden(`slack/follow-up/${name}`, message);
    });
  }

  it('keeps Cancel while the operator runs and drops it once it ended; Undrain stays after a drain', () => {
    const has = (m: { blocks: unknown[] }, id: string) =>
      JSON.stringify(m.blocks).includes(`"block_id":"${id}"`);
    expect(has(renderFollowedMessage(OPERATOR, 'progress', NOW), 'tikv:undo')).toBe(true);
    expect(has(renderFollowedMessage(SUCCESS, 'ended', NOW), 'tikv:undo')).toBe(false);
    expect(has(renderFollowedMessage(DRAIN, 'progress', NOW), 'tikv:undo')).toBe(true);
  });

  it('renders the end as a thread reply naming who asked and what', () => {
    const reply = renderFollowUpEnd(SUCCESS, 'ended', NOW, false);
    expect(checkMessage(reply)).toBeUndefined();
    expectGolden('slack/follow-up/operator-success-thread-reply', reply);
  });
});
