import { describe, expect, it } from 'vitest';
import type { Approval } from '../../src/core/approvals/approval-store.js';
import { wordApprovalRefusal } from '../../src/core/approvals/word-approval-refusal.js';
import { SLACK_APPROVAL_WORDS } from '../../src/slack/slack-denial-words.js';

const T0 = new Date('2025-01-02T03:00:00Z');
const HOSTILE = '<!channel> <@U0EVIL> <https://evil.example|click here> ```x``` *bold*\nnext';

const REJECTED: Approval = {
  id: 'ap-1',
  state: 'rejected',
  requesterId: 'U0ALICE',
  channelId: 'C0INCIDENT',
  actionName: 'transfer_peer',
  params: { region_id: 42, from_store_id: 1, to_store_id: 4 },
  correlationId: 'corr-1',
  createdAt: T0,
  expiresAt: new Date(T0.getTime() + 1_800_000),
  decidedBy: 'U0CAROL',
  decidedAt: new Date(T0.getTime() + 90_000),
  note: HOSTILE,
};

describe('SLACK_APPROVAL_WORDS', () => {
  it('words a late click with a mention, a Slack date, and a note that cannot ping or link', () => {
    const text = wordApprovalRefusal({ code: 'NOT_PENDING', approval: REJECTED }, SLACK_APPROVAL_WORDS);
    expect(text).toBe(
      'this request was rejected by <@U0CAROL> at <!date^1735786890^{date_short_pretty} {time_secs}|2025-01-02 03:01:30 UTC>: ' +
        '`&lt;!channel&gt; &lt;@U0EVIL&gt; &lt;https://evil.example|click here&gt; ˋˋˋxˋˋˋ *bold* ↵ next`',
    );
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://');
  });

  it('words the policy denial with mentions and the command as typed', () => {
    expect(
      wordApprovalRefusal(
        { code: 'DENIED', denial: { code: 'OWN_REQUEST', action: 'transfer_peer' } },
        SLACK_APPROVAL_WORDS,
      ),
    ).toBe('you asked for this transfer-peer; someone else must approve it');
    expect(
      wordApprovalRefusal(
        {
          code: 'DENIED',
          denial: {
            code: 'NO_LONGER_ALLOWED',
            because: {
              code: 'NOT_GRANTED',
              userId: 'U0ALICE',
              action: 'drain_store',
              riskLevel: 'high',
              channelId: 'C0RANDOM',
            },
          },
        },
        SLACK_APPROVAL_WORDS,
      ),
    ).toBe(
      'the policy no longer allows this request: <@U0ALICE> may not run drain-store (high risk) in <#C0RANDOM>',
    );
  });

  it('shows a cluster name read from the approval store as foreign text', () => {
    expect(
      wordApprovalRefusal(
        { code: 'UNKNOWN_CLUSTER', cluster: '<!here>', known: ['prod'] },
        SLACK_APPROVAL_WORDS,
      ),
    ).toBe(
      'this request was made for cluster `&lt;!here&gt;`, which this bot no longer has (it has prod); nothing was sent, ask again',
    );
  });
});
