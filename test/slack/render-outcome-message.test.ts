import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../src/core/commands/interpret-command.js';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';
import { buildParamsModal } from '../../src/slack/params-modal.js';
import { renderHelpMessage } from '../../src/slack/render-help-message.js';
import { renderInvalidInput, renderOutcomeMessage } from '../../src/slack/render-outcome-message.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { expectGolden } from '../support/golden.js';
import { AT, requestFor, TARGET } from '../support/outcome-fixtures.js';

const leaderRequest = requestFor('transfer_leader', { region_id: 42, to_store_id: 4 });
const pdRequest = transferLeaderRequest(42, 4);

describe('renderOutcomeMessage', () => {
  it('renders a success with who, what, which PD and PD answer verbatim', () => {
    const message = renderOutcomeMessage({
      kind: 'ok',
      request: leaderRequest,
      target: TARGET,
      startedAt: AT,
      durationMs: 12,
      response: {
        request: pdRequest,
        endpoint: TARGET.endpoint,
        status: 200,
        contentType: 'application/json; charset=UTF-8',
        rawBody: '"The operator is created."\n',
        pdMessage: 'The operator is created.',
        durationMs: 11,
      },
    });
    expect(message.text).toBe(
      '<@U0ONCALL> `transfer-leader region_id=42 to_store_id=4`: PD answered 200: `The operator is created.` (cluster default, PD http://pd-0.pd-peer:2379)',
    );
    expectGolden('slack/transfer-leader-ok', message);
  });

  it('renders a PD error with the status and the raw body in a code block', () => {
    const raw = '"region has no voter in store 4"\n';
    const message = renderOutcomeMessage({
      kind: 'pd_error',
      request: leaderRequest,
      target: TARGET,
      startedAt: AT,
      durationMs: 9,
      error: new PdHttpError(
        pdRequest,
        TARGET.endpoint,
        500,
        'application/json; charset=UTF-8',
        raw,
        'region has no voter in store 4',
        9,
      ),
    });
    expect(JSON.stringify(message.blocks)).toContain(
      JSON.stringify('```"region has no voter in store 4"\n```').slice(1, -1),
    );
    expectGolden('slack/transfer-leader-pd-error', message);
  });

  it('says when PD could not be reached, and that a POST was not retried', () => {
    const message = renderOutcomeMessage({
      kind: 'pd_error',
      request: leaderRequest,
      target: TARGET,
      startedAt: AT,
      durationMs: 2001,
      error: new PdTransportError(
        'PD_RESPONSE_TIMEOUT',
        pdRequest,
        TARGET.endpoint,
        'PD did not answer within 2000 ms (POST http://pd-0.pd-peer:2379/pd/api/v1/operators). It was not retried; check PD before trying again.',
        2001,
      ),
    });
    expect(message.text).toContain('PD did not answer within 2000 ms');
    expectGolden('slack/transfer-leader-timeout', message);
  });

  it('marks every message from the simulator', () => {
    const message = renderOutcomeMessage({
      kind: 'preview',
      request: requestFor('drain_store', { store_id: 5 }),
      target: { ...TARGET, simulated: true },
      startedAt: AT,
      pdRequests: [
        {
          method: 'POST',
          path: '/pd/api/v1/schedulers',
          body: { name: 'evict-leader-scheduler', store_id: 5 },
        },
      ],
    });
    expect(message.text).toContain('[PD simulator]');
    expect(JSON.stringify(message.blocks)).toContain('simulator');
    expectGolden('slack/drain-store-preview-simulated', message);
  });

  it('hides internal details and gives the correlation id', () => {
    const message = renderOutcomeMessage({
      kind: 'internal_error',
      correlationId: 'abc123',
      error: new Error('secret detail'),
    });
    expect(JSON.stringify(message)).not.toContain('secret detail');
    expect(message.text).toContain('abc123');
  });

  it('keeps an oversized PD body within the section limit and marks the cut', () => {
    const raw = JSON.stringify('x'.repeat(10_000));
    const message = renderOutcomeMessage({
      kind: 'pd_error',
      request: leaderRequest,
      target: TARGET,
      startedAt: AT,
      durationMs: 1,
      error: new PdHttpError(pdRequest, TARGET.endpoint, 500, undefined, raw, 'x', 1),
    });
    for (const block of message.blocks) {
      if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    expect(JSON.stringify(message.blocks)).toContain('truncated');
  });
});

describe('input replies and forms', () => {
  const registry = new ActionRegistry(TIKV_ACTIONS);

  it('renders invalid input naming the field, what was received and the usage', () => {
    const interpretation = interpretCommand('transfer-leader abc 4', registry);
    if (interpretation.kind !== 'invalid') throw new Error('expected invalid');
    const message = renderInvalidInput({ ...interpretation, kind: 'invalid_input' });
    expect(message.text).toBe('Nothing was sent to PD: `region_id must be a positive integer, got "abc"`');
    expectGolden('slack/invalid-region-id', message);
  });

  it('renders help for every action from the definitions', () => {
    const message = renderHelpMessage(registry, TARGET.endpoint);
    for (const usage of [
      '/tikv transfer-leader <region_id> <to_store_id>',
      '/tikv transfer-peer <region_id> <from_store_id> <to_store_id>',
      '/tikv drain-store <store_id>',
    ]) {
      expect(message.text).toContain(usage);
    }
    expectGolden('slack/help', message);
  });

  it('generates the missing-argument modal from the definition, prefilled', () => {
    const action = registry.get('transfer-peer');
    if (!action) throw new Error('no action');
    const view = buildParamsModal(
      action,
      { region_id: '42' },
      {
        action: action.name,
        channelId: 'C0INCIDENT',
        userId: 'U0ONCALL',
        responseUrl: 'https://hooks.slack.com/commands/T1/1/abc',
        issuedAt: AT.getTime(),
      },
      TARGET.endpoint,
    );
    expect(view.private_metadata?.length).toBeLessThanOrEqual(3000);
    expectGolden('slack/transfer-peer-modal', view);
  });
});

describe('renderOutcomeMessage for safety outcomes', () => {
  it('says plainly that nothing reached PD when the audit record failed', () => {
    const message = renderOutcomeMessage({
      kind: 'internal_error',
      correlationId: 'abc123',
      error: Object.assign(new Error('disk full'), { code: 'AUDIT_WRITE_FAILED' }),
    });
    expect(message.text).toBe(
      'The audit record of this request could not be written, so nothing was sent to PD. (correlation id abc123)',
    );
  });

  it('renders an approval request with buttons, approvers and expiry', () => {
    const message = renderOutcomeMessage({
      kind: 'needs_approval',
      request: { ...requestFor('drain_store', { store_id: 3 }), approvalId: 'ap-1' },
      target: TARGET,
      approvalId: 'ap-1',
      expiresAt: new Date('2026-11-28T18:30:05Z'),
      approvers: { users: ['U0LEAD'], groups: ['S0LEADS'] },
      reason: 'the policy requires approval for high risk actions',
    });
    expectGolden('slack/drain-store-approval-request', message);
  });

  it('renders a denial with the rule that would allow it', () => {
    const message = renderOutcomeMessage({
      kind: 'denied',
      request: requestFor('drain_store', { store_id: 3 }),
      target: TARGET,
      reason: 'U0ONCALL may not run drain-store (high risk) in channel C0INCIDENT',
      denial: {
        code: 'NOT_GRANTED',
        userId: 'U0ONCALL',
        action: 'drain_store',
        riskLevel: 'high',
        channelId: 'C0INCIDENT',
      },
      remedy: {
        code: 'NEAR_RULES',
        action: 'drain_store',
        riskLevel: 'high',
        rules: [{ rule: 'sre-leads', grants: 'risk', coversUser: false }],
      },
    });
    expectGolden('slack/drain-store-denied', message);
  });

  it('words a failed group lookup as "could not check your groups", with what to do', () => {
    const message = renderOutcomeMessage({
      kind: 'denied',
      request: requestFor('drain_store', { store_id: 3 }),
      target: TARGET,
      reason: 'could not check your groups, so drain-store was not run',
      denial: { code: 'GROUP_LOOKUP_FAILED', userId: 'U0ONCALL', action: 'drain_store' },
      remedy: { code: 'RETRY_GROUP_LOOKUP' },
    });
    expect(JSON.stringify(message.blocks)).toContain(
      ':no_entry: *drain-store* was not run. could not check your groups, so drain-store was not run.',
    );
    expect(JSON.stringify(message.blocks)).toContain('usergroups:read');
  });

  it('escapes a policy rule name in a denial: policy text is not markup', () => {
    const message = renderOutcomeMessage({
      kind: 'denied',
      request: requestFor('drain_store', { store_id: 3 }),
      target: TARGET,
      reason: 'x',
      denial: { code: 'NOT_GRANTED', userId: 'U0ONCALL', action: 'drain_store', riskLevel: 'high' },
      remedy: {
        code: 'NEAR_RULES',
        action: 'drain_store',
        riskLevel: 'high',
        rules: [{ rule: '<!channel>', grants: 'risk', coversUser: true, channels: ['C0INCIDENT'] }],
      },
    });
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('rule \\"&lt;!channel&gt;\\" grants high risk actions');
    expect(text).toContain('<@U0ONCALL> may not run drain-store (high risk) outside a channel');
  });
});
