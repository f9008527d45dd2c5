import { describe, expect, it } from 'vitest';
import type { ActionDefinition } from '../../src/core/actions/action-definition.js';
import { ActionRegistry } from '../../src/core/actions/action-registry.js';
import { interpretCommand } from '../../src/core/commands/interpret-command.js';
import type { Outcome } from '../../src/core/engine/outcome.js';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';
import { fitSlackLimits } from '../../src/slack/fit-slack-limits.js';
import { requestFields, section } from '../../src/slack/message-blocks.js';
import { buildParamsModal } from '../../src/slack/params-modal.js';
import { renderApprovalDecision } from '../../src/slack/render-approval-message.js';
import { renderInvalidInput, renderOutcomeMessage } from '../../src/slack/render-outcome-message.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { checkMessage, checkView } from '../support/fake-slack/slack-limits.js';
import { AT, requestFor, TARGET } from '../support/outcome-fixtures.js';

const pdRequest = transferLeaderRequest(42, 4);
const leader = requestFor('transfer_leader', { region_id: 42, to_store_id: 4 });
const TEN_MB = 10 * 1024 * 1024;
const registry = new ActionRegistry(TIKV_ACTIONS);

function okWithBody(rawBody: string, truncatedAtBytes?: number): Extract<Outcome, { kind: 'ok' }> {
  return {
    kind: 'ok',
    request: leader,
    target: TARGET,
    startedAt: AT,
    durationMs: 5,
    response: {
      request: pdRequest,
      endpoint: TARGET.endpoint,
      status: 200,
      contentType: 'application/json',
      rawBody,
      pdMessage: rawBody,
      durationMs: 5,
      ...(truncatedAtBytes !== undefined && { truncatedAtBytes }),
    },
  };
}

function expectWithinSlackLimits(message: { text: string; blocks: unknown[] }): void {
  expect(checkMessage(message)).toBeUndefined();
  expect(message.text.length).toBeLessThanOrEqual(3000);
}

describe('a huge PD answer still gives a message Slack takes', () => {
  const body = `"${'<!channel> x'.repeat(TEN_MB / 12)}"`;

  it('renders a 10 MB success body small, text included', () => {
    const message = renderOutcomeMessage(okWithBody(body));
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message).length).toBeLessThan(12_000);
    expect(JSON.stringify(message.blocks)).toMatch(/… truncated, \d+ more bytes/);
  });

  it('renders a 10 MB error body small, text included', () => {
    const message = renderOutcomeMessage({
      kind: 'pd_error',
      request: leader,
      target: TARGET,
      startedAt: AT,
      durationMs: 5,
      error: new PdHttpError(pdRequest, TARGET.endpoint, 500, undefined, body, body, 5),
    });
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message).length).toBeLessThan(12_000);
  });

  it('says when PD answered more than the client read, in KiB or MiB', () => {
    const message = renderOutcomeMessage(okWithBody('"The operator', 1024 * 1024));
    expect(JSON.stringify(message.blocks)).toContain(
      'PD answered HTTP 200; the body was larger than 1 MiB and was cut',
    );
    const error = renderOutcomeMessage({
      kind: 'pd_error',
      request: leader,
      target: TARGET,
      startedAt: AT,
      durationMs: 5,
      error: new PdHttpError(pdRequest, TARGET.endpoint, 500, undefined, '"x', 'x', 5, 64 * 1024),
    });
    expect(JSON.stringify(error.blocks)).toContain(
      'PD answered HTTP 500; the body was larger than 64 KiB and was cut',
    );
    expect(JSON.stringify(renderOutcomeMessage(okWithBody('"ok"')))).not.toContain('was cut');
  });
});

describe('a request that never left the bot says so', () => {
  function transport(code: 'PD_CONNECTION_REFUSED' | 'PD_RESPONSE_TIMEOUT') {
    return renderOutcomeMessage({
      kind: 'pd_error',
      request: leader,
      target: TARGET,
      startedAt: AT,
      durationMs: 5,
      error: new PdTransportError(code, pdRequest, TARGET.endpoint, 'connect ECONNREFUSED', 5),
    });
  }

  it('says "Nothing was sent to PD" when nothing was, and never that PD may have acted', () => {
    const message = transport('PD_CONNECTION_REFUSED');
    const all = JSON.stringify(message);
    expect(all).toContain('Nothing was sent to PD');
    expect(all).not.toContain('No answer from PD');
    expect(message.text).toContain('not run, nothing was sent to PD');
  });

  it('says "No answer from PD" when the request may have reached it', () => {
    const all = JSON.stringify(transport('PD_RESPONSE_TIMEOUT'));
    expect(all).toContain('No answer from PD');
    expect(all).not.toContain('Nothing was sent to PD');
  });
});

describe('long values and lists stay within Slack limits', () => {
  it('clamps a section to 3,000 characters with a marker (section() itself)', () => {
    const block = section(`policy ${'p'.repeat(5000)}`);
    if (block.type !== 'section' || !block.text) throw new Error('expected a section with text');
    expect(block.text.text.length).toBeLessThanOrEqual(3000);
    expect(block.text.text).toMatch(/more characters cut\)$/);
  });

  it('clamps a long denial reason and a long parameter value', () => {
    const long = requestFor('transfer_leader', { region_id: 42, to_store_id: 'v'.repeat(5000) });
    const message = renderOutcomeMessage({
      kind: 'denied',
      request: long,
      target: TARGET,
      reason: `r${'e'.repeat(6000)}`,
      denial: {
        code: 'NOT_GRANTED',
        userId: `U${'E'.repeat(6000)}`,
        action: 'transfer_leader',
        riskLevel: 'medium',
      },
      remedy: {
        code: 'NEAR_RULES',
        action: 'transfer_leader',
        riskLevel: 'medium',
        rules: [
          { rule: 'm'.repeat(6000), grants: 'action', coversUser: true, channels: ['C0X'.repeat(2000)] },
        ],
      },
    });
    expectWithinSlackLimits(message);
  });

  it('keeps the cluster, PD and Risk when an action has more parameters than fields fit', () => {
    const parameters = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        `p${i}`,
        { type: 'text' as const, description: 'd', required: true },
      ]),
    );
    const action: ActionDefinition = {
      name: 'many_params',
      description: 'many',
      parameters,
      riskLevel: 'high',
      requiresApproval: false,
      mutating: true,
    };
    const params = Object.fromEntries(Object.keys(parameters).map((name) => [name, name]));
    const block = requestFields({ ...leader, action, params }, TARGET);
    if (block.type !== 'section' || !block.fields) throw new Error('expected fields');
    const texts = block.fields.map((f) => f.text);
    expect(texts).toHaveLength(10);
    expect(texts.at(-2)).toBe(`*Cluster*\n\`default\`\nPD ${TARGET.endpoint}`);
    expect(texts.at(-1)).toBe('*Risk*\nhigh');
    expect(texts.at(-3)).toBe('*More parameters*\n5 more not shown');
  });

  it('keeps the approval confirm dialog within 300 characters, its code span closed', () => {
    const long = requestFor('transfer_leader', { region_id: 42, to_store_id: `<&>${'9'.repeat(5000)}` });
    const message = renderOutcomeMessage({
      kind: 'needs_approval',
      request: long,
      target: TARGET,
      approvalId: 'ap-1',
      expiresAt: AT,
      approvers: { users: ['U0LEAD'], groups: [] },
      reason: 'high risk',
    });
    expectWithinSlackLimits(message);
    const confirm = JSON.stringify(message.blocks).match(/"text":"(This sends [^"]*)"/)?.[1] ?? '';
    expect(confirm.length).toBeLessThanOrEqual(300);
    expect(confirm).toMatch(/…` to cluster default, PD http:\/\/pd-0\.pd-peer:2379, now\.$/);
  });

  it('bounds approval decisions built on a huge PD answer', () => {
    const huge = okWithBody('y'.repeat(TEN_MB));
    const decided = renderApprovalDecision(
      {
        id: 'ap-1',
        state: 'executed',
        requesterId: 'U0ONCALL',
        actionName: 'transfer_leader',
        params: leader.params,
        correlationId: leader.correlationId,
        createdAt: AT,
        expiresAt: AT,
        decidedBy: 'U0LEAD',
        note: 'n'.repeat(TEN_MB),
      },
      leader,
      TARGET,
      huge,
    );
    expectWithinSlackLimits(decided);
  });

  it('cuts the top-level text with a marker and the correlation id', () => {
    const fitted = fitSlackLimits({ text: 't'.repeat(50_000), blocks: [] }, 'c0ffee123456');
    expect(fitted.text.length).toBeLessThanOrEqual(3000);
    expect(fitted.text).toMatch(/ … \(\d+ more characters cut; correlation id c0ffee123456\)$/);
  });

  it('fits blocks, fields, context elements, buttons and confirm dialogs a renderer let through', () => {
    const fitted = fitSlackLimits({
      text: 'x',
      blocks: [
        ...Array.from({ length: 60 }, () => ({
          type: 'section' as const,
          text: { type: 'mrkdwn' as const, text: 's'.repeat(4000) },
        })),
      ],
    });
    expect(checkMessage(fitted)).toBeUndefined();
    expect(JSON.stringify(fitted.blocks.at(-1))).toContain('more blocks cut to fit Slack');
    const dividers = fitSlackLimits({
      text: 'x',
      blocks: Array.from({ length: 60 }, () => ({ type: 'divider' as const })),
    });
    expect(checkMessage(dividers)).toBeUndefined();
    expect(dividers.blocks).toHaveLength(50);
    expect(JSON.stringify(dividers.blocks.at(-1))).toContain('… 11 more blocks cut to fit Slack');
    const others = fitSlackLimits({
      text: 'x',
      blocks: [
        {
          type: 'section',
          fields: Array.from({ length: 12 }, () => ({ type: 'mrkdwn' as const, text: 'f'.repeat(3000) })),
        },
        {
          type: 'context',
          elements: Array.from({ length: 12 }, () => ({ type: 'mrkdwn' as const, text: 'c' })),
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'a',
              text: { type: 'plain_text', text: 'b'.repeat(100) },
              confirm: {
                title: { type: 'plain_text', text: 't'.repeat(200) },
                text: { type: 'mrkdwn', text: 'c'.repeat(400) },
                confirm: { type: 'plain_text', text: 'y'.repeat(40) },
                deny: { type: 'plain_text', text: 'n'.repeat(40) },
              },
            },
          ],
        },
      ],
    });
    expect(checkMessage(others)).toBeUndefined();
    expect(others.blocks[0]?.type).toBe('section');
  });
});

describe('bad input gives a small reply however much was typed', () => {
  it('echoes the start of a 40,000-character command and a few of its issues', () => {
    const typed = `transfer-leader ${'9 '.repeat(20_000)}`;
    const interpretation = interpretCommand(typed, registry);
    if (interpretation.kind !== 'invalid') throw new Error('expected invalid');
    const message = renderInvalidInput({ ...interpretation, kind: 'invalid_input' });
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message).length).toBeLessThan(4000);
    expect(JSON.stringify(message.blocks)).toMatch(/… \(\d+ more characters not shown\)/);
  });

  it('lists at most five issues, saying how many more there are', () => {
    const issues = Array.from({ length: 50 }, (_, i) => ({
      field: `f${i}`,
      message: `bad ${i} ${'x'.repeat(1000)}`,
    }));
    const message = renderInvalidInput({ kind: 'invalid_input', text: 'x', issues });
    expectWithinSlackLimits(message);
    const body = JSON.stringify(message.blocks);
    expect(body).toContain('bad 4 ');
    expect(body).not.toContain('bad 5 ');
    expect(body).toContain('… and 45 more');
    expect(message.text).toContain('… and 45 more');
    expect(body).not.toContain('x'.repeat(400));
  });
});

describe('the form stays within view limits', () => {
  const metadata = {
    action: 'transfer_leader',
    channelId: 'C0INCIDENT',
    userId: 'U0ONCALL',
    responseUrl: 'https://hooks.slack.com/commands/T1/1/abc',
    issuedAt: AT.getTime(),
  };

  it('shows hints as plain text, without the backticks of the definitions', () => {
    const action = registry.get('transfer-leader');
    if (!action) throw new Error('no action');
    const view = buildParamsModal(action, {}, metadata, TARGET.endpoint);
    const hints = view.blocks.flatMap((b) => ('hint' in b && b.hint ? [b.hint.text] : []));
    expect(hints).toContain('ID of the region, as in "pd-ctl region <id>"');
    for (const hint of hints) expect(hint).not.toMatch(/[`*]/);
  });

  it('cuts a long title, drops a non-numeric prefill of a number field and fits a long one', () => {
    const action: ActionDefinition = {
      name: 'a_very_long_action_name_for_a_modal',
      description: 'd'.repeat(5000),
      parameters: {
        id: { type: 'region_id', description: '`x`'.repeat(1000), required: true, label: 'l'.repeat(3000) },
        name: { type: 'text', description: 'n', required: false },
      },
      riskLevel: 'read',
      requiresApproval: false,
      mutating: false,
    };
    const view = buildParamsModal(
      action,
      { id: '<!channel>', name: 'q'.repeat(5000) },
      metadata,
      TARGET.endpoint,
    );
    expect(checkView(view as unknown as Record<string, unknown>)).toBeUndefined();
    expect(view.title.text).toBe('a-very-long-action-name…');
    expect(JSON.stringify(view)).not.toContain('<!channel>');
  });
});
