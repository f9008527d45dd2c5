import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/core/actions/action-registry.js';
import type { Approval } from '../../src/core/approvals/approval-store.js';
import { interpretCommand } from '../../src/core/commands/interpret-command.js';
import type { Outcome } from '../../src/core/engine/outcome.js';
import { PdHttpError, PdTransportError } from '../../src/core/pd/pd-errors.js';
import { transferLeaderRequest } from '../../src/pd/pd-request.js';
import { demoPolicy } from '../../src/policy/demo-policy.js';
import { buildParamsModal } from '../../src/slack/params-modal.js';
import { renderApprovalDecision } from '../../src/slack/render-approval-message.js';
import { renderFormFailure } from '../../src/slack/render-form-failure.js';
import { renderHelpMessage } from '../../src/slack/render-help-message.js';
import { renderInvalidInput, renderOutcomeMessage } from '../../src/slack/render-outcome-message.js';
import { renderPermissionsFor } from '../../src/slack/render-permissions-message.js';
import type { SlackDeps } from '../../src/slack/slack-deps.js';
import { TIKV_ACTIONS } from '../../src/subjects/tikv/tikv-actions.js';
import { AT, requestFor, TARGET } from '../support/outcome-fixtures.js';

/** Everything a hostile PD or user could put in a message to ping, link or break a code fence. */
const HOSTILE =
  '<!channel> <!here> <!everyone> <@U123> <!subteam^S1> <https://evil.example|click here> ```x``` &amp; *bold* https://evil.example/bare';

const registry = new ActionRegistry(TIKV_ACTIONS);
const TRANSFER_LEADER = transferLeaderAction();

function transferLeaderAction() {
  const action = registry.get('transfer-leader');
  if (!action) throw new Error('no transfer-leader');
  return action;
}
const pdRequest = transferLeaderRequest(42, 4);
/** A request whose parameter values are hostile too (what a parser bug or a new subject could let by). */
const request = requestFor('transfer_leader', { region_id: 42, to_store_id: HOSTILE });

function ok(extra: Partial<Extract<Outcome, { kind: 'ok' }>> = {}): Outcome {
  return {
    kind: 'ok',
    request,
    target: TARGET,
    startedAt: AT,
    durationMs: 3,
    response: {
      request: pdRequest,
      endpoint: TARGET.endpoint,
      status: 200,
      contentType: 'application/json',
      rawBody: HOSTILE,
      pdMessage: HOSTILE,
      durationMs: 3,
    },
    ...extra,
  };
}

function pdError(error: PdHttpError | PdTransportError): Outcome {
  return {
    kind: 'pd_error',
    request,
    target: TARGET,
    startedAt: AT,
    durationMs: 3,
    error,
    auditError: HOSTILE,
  };
}

function approval(state: Approval['state'], note?: string): Approval {
  return {
    id: 'ap-1',
    state,
    requesterId: 'U0ONCALL',
    actionName: 'transfer_leader',
    params: request.params,
    correlationId: request.correlationId,
    createdAt: AT,
    expiresAt: new Date(AT.getTime() + 60_000),
    decidedBy: 'U0LEAD',
    decidedAt: AT,
    ...(note !== undefined && { note }),
  };
}

const invalidTyped = interpretCommand(`transfer-leader ${HOSTILE}`, registry);
const unknownTyped = interpretCommand(HOSTILE, registry);

/** Every message the Slack front end renders, each built from hostile PD text or hostile input. */
async function everyMessage(): Promise<Record<string, unknown>> {
  const permissionsDeps = {
    registry,
    engine: {
      policy: () => ({ ...demoPolicy('U0ONCALL'), description: HOSTILE }),
      groupsOf: async () => [HOSTILE],
    },
  } as unknown as SlackDeps;
  const messages: Record<string, unknown> = {
    ok: renderOutcomeMessage(ok()),
    okAuditFailed: renderOutcomeMessage(ok({ auditError: HOSTILE })),
    pdHttpError: renderOutcomeMessage(
      pdError(new PdHttpError(pdRequest, TARGET.endpoint, 500, undefined, HOSTILE, HOSTILE, 3)),
    ),
    pdNoAnswer: renderOutcomeMessage(
      pdError(new PdTransportError('PD_RESPONSE_TIMEOUT', pdRequest, TARGET.endpoint, HOSTILE, 3)),
    ),
    pdNothingSent: renderOutcomeMessage(
      pdError(new PdTransportError('PD_CONNECTION_REFUSED', pdRequest, TARGET.endpoint, HOSTILE, 3)),
    ),
    preview: renderOutcomeMessage({
      kind: 'preview',
      request,
      target: TARGET,
      startedAt: AT,
      pdRequests: [{ method: 'POST', path: `/pd/api/v1/operators?x=${HOSTILE}`, body: { note: HOSTILE } }],
      // Notes and warnings may quote PD (store states, scheduler names).
      reads: [{ request: { method: 'GET', path: `/pd/api/v1/x?${HOSTILE}` }, answer: HOSTILE }],
      notes: [HOSTILE],
      warnings: [HOSTILE],
      alternatives: [{ when: HOSTILE, request: { method: 'POST', path: `/y?${HOSTILE}` } }],
    }),
    invalidInput: renderOutcomeMessage({
      kind: 'invalid_input',
      text: HOSTILE,
      issues: [{ field: 'region_id', message: `region_id got "${HOSTILE}"`, received: HOSTILE }],
    }),
    denied: renderOutcomeMessage({
      kind: 'denied',
      request,
      target: TARGET,
      reason: 'U0ONCALL may not run transfer-leader (medium risk) in channel C0INCIDENT',
      denial: {
        code: 'NOT_GRANTED',
        userId: 'U0ONCALL',
        action: 'transfer_leader',
        riskLevel: 'medium',
        channelId: 'C0INCIDENT',
      },
      remedy: {
        code: 'NEAR_RULES',
        action: 'transfer_leader',
        riskLevel: 'medium',
        rules: [{ rule: HOSTILE, grants: 'action', coversUser: false, channels: [HOSTILE] }],
      },
    }),
    needsApproval: renderOutcomeMessage({
      kind: 'needs_approval',
      request,
      target: TARGET,
      approvalId: 'ap-1',
      expiresAt: AT,
      approvers: { users: ['U0LEAD'], groups: ['S0LEADS'] },
      reason: HOSTILE,
    }),
    internalError: renderOutcomeMessage({
      kind: 'internal_error',
      correlationId: 'c1',
      error: new Error(HOSTILE),
    }),
    approved: renderApprovalDecision(approval('executed'), request, TARGET, ok()),
    rejected: renderApprovalDecision(approval('rejected', HOSTILE), request, TARGET),
    expired: renderApprovalDecision(approval('expired'), request, TARGET),
    pending: renderApprovalDecision(approval('pending'), request, TARGET),
    help: renderHelpMessage(registry, TARGET.endpoint),
    permissions: await renderPermissionsFor(permissionsDeps, 'U0ONCALL', 'C0INCIDENT'),
    modal: buildParamsModal(
      TRANSFER_LEADER,
      { region_id: HOSTILE },
      {
        action: 'transfer_leader',
        channelId: 'C0INCIDENT',
        userId: 'U0ONCALL',
        responseUrl: 'https://hooks.slack.com/commands/T1/1/abc',
        issuedAt: AT.getTime(),
      },
      TARGET.endpoint,
    ),
    formFailure: renderFormFailure(HOSTILE, TRANSFER_LEADER, 'c1'),
  };
  if (invalidTyped.kind === 'invalid')
    messages.invalidTyped = renderInvalidInput({ ...invalidTyped, kind: 'invalid_input' });
  if (unknownTyped.kind === 'invalid')
    messages.unknownTyped = renderInvalidInput({ ...unknownTyped, kind: 'invalid_input' });
  return messages;
}

/** Every string in a message with its path; private_metadata is data the bot reads back, never shown. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}/${i}`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'private_metadata' ? [] : strings(v, `${path}/${k}`),
    );
  }
  return [];
}

/** `<!…>` and `<@…>` the bot writes itself: dates, the requester, approvers, and nothing else. */
const OWN_MARKUP = /<!date\^\d+\^[^>]*>|<@U0ONCALL>|<@U0LEAD>|<!subteam\^S0LEADS>|<#C0INCIDENT>/g;

describe('foreign text in every field of every Slack message', () => {
  it('never pings, links or breaks a fence, whatever PD or the user sent', async () => {
    const messages = await everyMessage();
    expect(Object.keys(messages)).toHaveLength(20);
    for (const [name, message] of Object.entries(messages)) {
      for (const [path, text] of strings(message)) {
        const where = `${name}${path}`;
        const rest = text.replace(OWN_MARKUP, '');
        expect(rest, where).not.toMatch(/<[!@#]/);
        expect(rest, where).not.toMatch(/<https?:/);
        expect(text, where).not.toContain('```x');
        expect(text, where).not.toContain('&amp;amp;amp;');
      }
    }
  });

  it('keeps foreign text in the top-level text inside code spans, so bare URLs and *marks* stay inert', async () => {
    const messages = await everyMessage();
    for (const [name, message] of Object.entries(messages)) {
      const text = (message as { text?: unknown }).text;
      if (typeof text !== 'string') continue;
      const outsideCode = text
        .split('`')
        .filter((_, i) => i % 2 === 0)
        .join(' ');
      expect(outsideCode, name).not.toContain('evil.example');
      expect(outsideCode, name).not.toContain('*bold*');
    }
  });

  it('still shows the foreign text, escaped, so nothing PD said is hidden', async () => {
    const { ok: message, rejected } = (await everyMessage()) as Record<
      string,
      { text: string; blocks: unknown[] }
    >;
    expect(message?.text).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(message?.blocks)).toContain('&lt;https://evil.example|click here&gt;');
    expect(rejected?.text).toContain('Reason: `&lt;!channel&gt;');
  });

  it('keeps the mentions the bot writes itself real', async () => {
    const { needsApproval, approved } = (await everyMessage()) as Record<
      string,
      { text: string; blocks: unknown[] }
    >;
    expect(needsApproval?.text).toMatch(/^<@U0ONCALL> asks to run/);
    expect(JSON.stringify(needsApproval?.blocks)).toContain('<@U0LEAD>, <!subteam^S0LEADS>');
    expect(approved?.text).toMatch(/^Approved by <@U0LEAD>: <@U0ONCALL> /);
  });
});
